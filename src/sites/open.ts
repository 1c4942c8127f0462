/** Opens a site spec: `tap:URL#schema[.table]` or a local Parquet file, glob or folder. */
import type { TapClientOptions } from "../engines/tap/client.js";
import { localSiteTables } from "./local.js";
import { tapSiteTables } from "./tap.js";
import type { SiteTable } from "./types.js";

/**
 * The tables of one site.
 * @example (await openSite("fixtures/pilot")).map((t) => t.name).includes("Object") // true
 */
export async function openSite(spec: string, options: TapClientOptions = {}): Promise<SiteTable[]> {
  return /^tap:/i.test(spec) ? tapSiteTables(spec, options) : localSiteTables(spec);
}
