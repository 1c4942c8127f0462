// Public API of src/engines/tap: the TAP client, the `tap:` table source and the TAP engine. Importing this module
// registers the `tap:` scheme with openTable (src/io/open.ts), so `--table NAME=tap:URL#SCHEMA.TABLE` opens.
import { registerSourceOpener } from "../../io/open.js";
import { openTapTable } from "./source.js";

export {
  parseJob,
  TapClient,
  type TapClientOptions,
  type TapQueryOptions,
  type TapResult,
  tableRows,
} from "./client.js";
export { authorizationHeader, type TapAuth, TapError, type TapHttpOptions, tapToken } from "./http.js";
export {
  openTapTable,
  parseTapSpec,
  type TapSpec,
  TapTableSource,
  tapFlavor,
  tapPhysicalType,
} from "./source.js";
export {
  type BoundedKeyCheckResult,
  mapLimit,
  mergeRows,
  TapEngine,
  type TapEngineOptions,
} from "./tap-engine.js";

registerSourceOpener("tap", (name, spec) => openTapTable(name, spec));
