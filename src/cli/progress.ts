/** A one-line progress bar on stderr for long scans; silent when stderr is not a terminal or with --quiet. */
import type { Progress } from "../engines/types.js";
import type { CliIO } from "./io.js";

export interface ProgressBar {
  update: (progress: Progress) => void;
  done: () => void;
}

const WIDTH = 30;

/**
 * A bar that redraws at most every 100 ms.
 * @example
 * const out: string[] = [];
 * const io = { version: "0.1.0", stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), stderrIsTTY: false };
 * const bar = progressBar(io, false);
 * bar.update(5, 10);
 * bar.done();
 * out // [] (stderr is not a terminal: no bar)
 */
export function progressBar(io: CliIO, quiet: boolean): ProgressBar {
  if (quiet || !io.stderrIsTTY) return { update: () => {}, done: () => {} };
  let last = 0;
  let drawn = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const label = p.label ? `${p.label} ` : "";
      if (p.total !== null && p.total > 0) {
        const f = Math.min(1, p.done / p.total);
        const full = Math.round(f * WIDTH);
        io.stderr(
          `\r${label}[${"#".repeat(full)}${".".repeat(WIDTH - full)}] ${(f * 100).toFixed(0)}% ${p.done}/${p.total} ${p.unit}\u001b[K`,
        );
      } else {
        io.stderr(`\r${label}${p.done} ${p.unit}\u001b[K`);
      }
      drawn = true;
    },
    done() {
      if (drawn) io.stderr("\r\u001b[K");
    },
  };
}
