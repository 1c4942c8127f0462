import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Integration tests against a real TAP server (DaCHS) run with `npm run test:tap` (vitest.tap.config.ts).
    exclude: [...configDefaults.exclude, "test/tap-server/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
