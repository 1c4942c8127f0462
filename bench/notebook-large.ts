/**
 * The timed cell of notebooks/08-large-table.ipynb outside Jupyter, with each phase's wall and CPU time:
 *   node --import tsx bench/notebook-large.ts [PATH] [--order 10] [--tract 4431]
 * (the notebook itself prints the same phases; this is for `node --cpu-prof`).
 */
import { loadavg } from "node:os";
import { openTable } from "../src/io/index.js";
import { plotlyBundle } from "../src/notebook/plotly.js";
import { plotlyJsSource } from "../src/plots/html.js";
import { tractMap } from "../src/plots/index.js";
import { ang2pixNestBatch, dc2SkyMap } from "../src/sky/index.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] as string) : fallback;
};
const data = args[0] && !args[0].startsWith("--") ? args[0] : "fixtures/large/object-1m-991/Object.parquet";
const order = Number(option("order", "10"));
const tract = Number(option("tract", "4431"));
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const marks: { label: string; wall: number; cpu: number }[] = [];
const mark = (label: string) => marks.push({ label, wall: performance.now(), cpu: cpu() });
mark("start");
const object = await openTable("Object", data);
const width = (await object.columns()).length;
mark("open");
const columns = [
  "objectId",
  "coord_ra",
  "coord_dec",
  "detect_isPrimary",
  "g_psfFlux",
  "r_psfFlux",
  "i_psfFlux",
  "r_psfFluxErr",
  "r_psfFlux_flag",
  "r_extendedness",
];
const table = await object.read({ columns });
mark("read 10 columns");
const ra = table.data.getChild("coord_ra")?.toArray() as Float64Array;
const dec = table.data.getChild("coord_dec")?.toArray() as Float64Array;
const pix = ang2pixNestBatch(order, ra, dec);
mark("ang2pix");
const counts = new Map<number, number>();
for (let i = 0; i < pix.length; i++) if (pix[i] >= 0) counts.set(pix[i], (counts.get(pix[i]) ?? 0) + 1);
mark("count");
const figure = tractMap(dc2SkyMap, tract)
  .healpix(
    { order, pixels: [...counts.keys()], values: [...counts.values()] },
    { width: 560, title: "objects per pixel" },
  )
  .figure({
    title: `Object, tract ${tract}: ${table.data.numRows} objects`,
    provenance: { table: "Object", sources: object.files, tract },
  });
mark("figure");
// What display(figure) builds for the kernel: the plotly bundle with plotly.js inlined (first figure).
const shown = plotlyBundle(figure, { id: "bench", library: plotlyJsSource() });
mark("display bundle");
console.log(
  `${table.data.numRows} rows x ${width} columns; load ${loadavg()[0].toFixed(1)}; display bundle ${JSON.stringify(shown).length} chars`,
);
for (let i = 1; i < marks.length; i++) {
  const a = marks[i - 1] as (typeof marks)[0];
  const b = marks[i] as (typeof marks)[0];
  console.log(
    `${b.label.padEnd(16)} wall ${((b.wall - a.wall) / 1000).toFixed(2).padStart(6)} s  cpu ${(b.cpu - a.cpu).toFixed(2).padStart(6)} s`,
  );
}
const a = marks[0] as (typeof marks)[0];
const b = marks[marks.length - 1] as (typeof marks)[0];
console.log(
  `${"total".padEnd(16)} wall ${((b.wall - a.wall) / 1000).toFixed(2).padStart(6)} s  cpu ${(b.cpu - a.cpu).toFixed(2).padStart(6)} s`,
);
