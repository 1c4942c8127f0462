/** Dispatches `skygate <command>`; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  process.stderr.write(`skygate: not implemented yet: ${argv.join(" ")}\n`);
  return 2;
}
