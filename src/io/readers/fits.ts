import { UsageError } from "../errors.js";
import { type FileReader, wholeFileReader } from "./types.js";

export const fitsReader: FileReader = wholeFileReader(async (path) => {
  throw new UsageError(`${path}: FITS reader not written yet`);
});
