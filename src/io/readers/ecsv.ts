import { UsageError } from "../errors.js";
import { type FileReader, wholeFileReader } from "./types.js";

export const ecsvReader: FileReader = wholeFileReader(async (path) => {
  throw new UsageError(`${path}: ECSV reader not written yet`);
});
