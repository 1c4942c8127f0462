// npm `bin` targets must be executable; tsc does not set the mode bit.
import { chmodSync } from "node:fs";

chmodSync("dist/cli.js", 0o755);
