// Fails the TAP integration run (never skips it) unless the DaCHS server of scripts/dachs/setup.sh answers and
// serves both test resources.
import { tapUrl } from "./tap.js";

export default async function setup(): Promise<void> {
  const url = tapUrl();
  let availability: Response;
  try {
    availability = await fetch(`${url}/availability`, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new Error(
      `no TAP server answers at ${url} (${(error as Error).message}): run \`bash scripts/dachs/setup.sh\` ` +
        "(or `npm run test:tap`, which runs it), or set SKYGATE_TAP_URL",
    );
  }
  if (!availability.ok) throw new Error(`${url}/availability answered HTTP ${availability.status}`);
  const body = new URLSearchParams({
    LANG: "ADQL",
    RESPONSEFORMAT: "csv",
    QUERY:
      "SELECT table_name FROM TAP_SCHEMA.tables WHERE schema_name = 'skygate' OR schema_name = 'skygate_b'",
  });
  const tables = await (await fetch(`${url}/sync`, { method: "POST", body })).text();
  for (const name of ["skygate.object", "skygate.forcedsource", "skygate_b.object"]) {
    if (!tables.includes(name))
      throw new Error(`${url} does not serve ${name}: run \`bash scripts/dachs/setup.sh\``);
  }
}
