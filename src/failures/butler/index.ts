// Butler data without the LSST stack: SQLite registries (sql.js), export YAML, sphgeom regions.
export { type DetectorRegions, readExportRegions, vdKey } from "./exportYaml.js";
export {
  type ButlerRegistry,
  type InventoryRow,
  KNOWN_UNIVERSE_VERSIONS,
  openRegistry,
  registryDataIds,
  registryDetectors,
  registryInventory,
  registryPointings,
  registryRegions,
} from "./registry.js";
export { type DecodedRegion, decodeSphgeomRegion } from "./sphgeom.js";
