/** Dispatches `skygate <command>`; returns the exit code. Usage errors and unreadable input exit 2. */
import { UsageError } from "../core/errors.js";
import { runCheck } from "./check.js";
import { runCompare } from "./compare.js";
import { runCompareSites } from "./compare-sites.js";
import { exitCodeOfError, withoutDebug } from "./exit.js";
import { runFailures } from "./failures.js";
import { runGateCommand } from "./gate.js";
import { runHoles } from "./holes.js";
import { type CliIO, processIO } from "./io.js";
import { runNotebookCommand } from "./notebook.js";
import { runProfile } from "./profile.js";
import { runSchema } from "./schema.js";

export const HELP = `Usage: skygate <command> [options]

Commands:
  check     run the automatic check suite over tables (skygate check --help)
  profile   profile every column of tables (skygate profile --help)
  compare   what changed between two saved profiles or reports (skygate compare --help)
  compare-sites  the same release at two sites (TAP or Parquet), compared by partition fingerprints
  schema    lint a felis schema, or draft felis columns for data it lacks (skygate schema --help)
  holes     find coverage holes and incomplete patches (skygate holes --help)
  failures  group pipeline failures, tell known from new, locate them on the sky (skygate failures --help)
  gate      run a pass/fail gate file (skygate gate --help)
  notebook  run a notebook headless with parameters (skygate notebook run NB.ipynb --param k=v; --help)

Options for every command:
  --debug   print the stack trace of an internal error

Exit codes: 0 pass, 1 a check failed, 2 usage error or unreadable input, 3 a check could not run,
4 internal error (a bug in skygate: please report it with the --debug output).
`;

const COMMANDS: Record<string, (argv: readonly string[], io: CliIO) => Promise<number>> = {
  check: runCheck,
  compare: runCompare,
  "compare-sites": runCompareSites,
  gate: runGateCommand,
  profile: runProfile,
  schema: runSchema,
  failures: runFailures,
  holes: runHoles,
  notebook: runNotebookCommand,
};

/**
 * Runs one command line.
 * @example
 * const out: string[] = [];
 * const io = { version: "0.1.0", stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), stderrIsTTY: false };
 * await main(["--version"], io) // 0
 */
export async function main(args: readonly string[], io: CliIO = processIO("0.0.0")): Promise<number> {
  const { argv, debug } = withoutDebug(args);
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    io.stdout(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === "--version" || command === "-v") {
    io.stdout(`${io.version}\n`);
    return 0;
  }
  try {
    const run = COMMANDS[command];
    if (run !== undefined) return await run(rest, io);
    throw new UsageError(
      `unknown command "${command}" (commands: check, profile, compare, compare-sites, schema, holes, failures, gate, notebook)`,
    );
  } catch (error) {
    return exitCodeOfError(error, io, debug);
  }
}
