import { UsageError } from "../errors.js";
import { type FileReader, wholeFileReader } from "./types.js";

export const votableReader: FileReader = wholeFileReader(async (path) => {
  throw new UsageError(`${path}: VOTable reader not written yet`);
});
