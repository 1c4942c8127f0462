// Issue 9's corpus of broken and hostile inputs through the CLI as users run it (a child process per run): the
// expected exit code under `check`, `check --schema` and `profile`, on both engines where both apply, no Node stack
// trace, and the file named. Permission cases run as user `nobody` through setpriv when the tests run as root
// (root reads a chmod-000 file); as any other user chmod alone denies the reads.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeCorpus } from "./make-corpus.js";
import { canDropPrivileges, corpusRuns, runAll, runCase } from "./run-corpus.js";

const { cases, schema } = makeCorpus(mkdtempSync(join(tmpdir(), "skygate-corpus-")));

describe("the broken-input corpus through the CLI", () => {
  for (const c of cases) {
    const runs = corpusRuns([c]);
    const label = runs.map((r) => `${r.command}/${r.engine}`).join(", ");
    it(`${c.id} (${c.klass}): ${label}`, async () => {
      // As root without setpriv a chmod-000 file is readable: fail loudly rather than pass vacuously.
      if (c.unprivileged && process.getuid?.() === 0) expect(canDropPrivileges()).toBe(true);
      const results = await runAll(runs, (r) => runCase(r.c, r.command, r.engine, schema));
      const wrong = results
        .filter((r) => r.verdict !== "right")
        .map((r) => `${r.command}/${r.engine}: ${r.verdict}: ${r.why}\n${r.stderr.slice(0, 400)}`);
      expect(wrong).toEqual([]);
      expect(results.length).toBeGreaterThan(0);
    }, 600_000);
  }
});
