// Example from the README: check two tables of the bundled pilot run against the DP0.2 schema from code.
// Run it with `node --import tsx examples/check-pilot.ts`; test/examples.test.ts runs it too.
import { ArrowEngine, checkTables, loadFelis, openTable, problems, toText } from "../src/index.js";

const schema = loadFelis("fixtures/schemas/dp02_dc2.yaml");
const sources = new Map([
  ["Object", await openTable("Object", "fixtures/pilot/Object.parquet")],
  ["ForcedSource", await openTable("ForcedSource", "fixtures/pilot/ForcedSource.parquet")],
]);
const engine = new ArrowEngine();
const report = await checkTables({ sources, schema, engineFor: () => engine, version: "example" });

console.log(toText(report));
for (const result of problems(report).filter((r) => r.check === "nanWithoutFlag")) {
  const first = result.sample[0];
  console.log(
    `${result.id}: ${result.failing} rows, first at row ${first?.row} (ra ${first?.ra}, dec ${first?.dec})`,
  );
}
