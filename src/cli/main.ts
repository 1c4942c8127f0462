/** Dispatches `skygate <command>`; returns the exit code. Usage errors and unreadable input exit 2. */
import { InputError, UsageError } from "../io/errors.js";
import { runCheck } from "./check.js";
import { runHoles } from "./holes.js";
import { type CliIO, processIO } from "./io.js";
import { runProfile } from "./profile.js";

export const HELP = `Usage: skygate <command> [options]

Commands:
  check     run the automatic check suite over tables (skygate check --help)
  profile   profile every column of tables (skygate profile --help)
  holes     find coverage holes and incomplete patches (skygate holes --help)
  failures  locate pipeline failures on the sky (not implemented yet)
  gate      run a pass/fail gate file (not implemented yet)

Exit codes: 0 pass, 1 a check failed, 2 usage error or unreadable input, 3 a check could not run.
`;

const COMMANDS: Record<string, (argv: readonly string[], io: CliIO) => Promise<number>> = {
  check: runCheck,
  profile: runProfile,
  holes: runHoles,
};

const NOT_YET = new Set(["failures", "gate"]);

/**
 * Runs one command line.
 * @example
 * process.exitCode = await main(process.argv.slice(2), processIO("0.1.0"));
 */
export async function main(argv: readonly string[], io: CliIO = processIO("0.0.0")): Promise<number> {
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
    if (NOT_YET.has(command))
      throw new UsageError(`${command}: not implemented yet in skygate ${io.version}`);
    throw new UsageError(`unknown command "${command}" (commands: check, profile, holes, failures, gate)`);
  } catch (error) {
    if (error instanceof UsageError || error instanceof InputError) {
      io.stderr(`skygate: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
