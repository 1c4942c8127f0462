/** What a command writes to and knows about its process, so tests can run commands in-process. */
export interface CliIO {
  version: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars only then). */
  stderrIsTTY: boolean;
}

/**
 * The IO of the running process.
 * @example
 * processIO("0.1.0").stderrIsTTY === Boolean(process.stderr.isTTY) // true
 * // in bin: await main(process.argv.slice(2), processIO("0.1.0"))
 */
export function processIO(version: string): CliIO {
  return {
    version,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}
