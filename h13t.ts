import { readFailureReport } from "./src/failures/read.js";
import { messageTemplate } from "./src/failures/message.js";
for (const p of process.argv.slice(2)) {
  try {
    const r = await readFailureReport(p);
    console.log(p, r.format, r.failures.length, r.badCount, JSON.stringify(r.failures.slice(0, 2)), JSON.stringify(r.tasks).slice(0, 200));
    console.log([...new Set(r.failures.map((f) => `${f.task} | ${f.exception} | ${messageTemplate(f.message)}`))].slice(0, 8).join("\n"));
  } catch (e) { console.log(p, "ERR", (e as Error).message); }
}
