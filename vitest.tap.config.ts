import { defineConfig } from "vitest/config";

// Integration tests against a real TAP server: DaCHS on loopback, set up by `bash scripts/dachs/setup.sh`
// (`npm run test:tap` runs both). The global setup fails the run, never skips it, when the server is missing.
export default defineConfig({
  test: {
    include: ["test/tap-server/**/*.test.ts"],
    globalSetup: ["test/tap-server/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
});
