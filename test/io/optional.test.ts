// Optional peer packages: a missing one gives a UsageError naming it; other failures pass through unchanged.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import { importOptional } from "../../src/io/optional.js";

describe("importOptional", () => {
  it("names the missing package, the feature that needs it and the install command", async () => {
    const missing = "skygate-test-no-such-package";
    const error = await importOptional(missing, "toDanfo", () => import(missing)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(
      `toDanfo needs the optional package ${missing}, which is not installed (npm install ${missing})`,
    );
  });

  it("returns the module when it is installed", async () => {
    const yaml = await importOptional("yaml", "test", () => import("yaml"));
    expect(yaml.parse("a: 1")).toEqual({ a: 1 });
  });

  it("lets other failures through: a broken package is not reported as missing", async () => {
    const broken = new Error("boom");
    await expect(importOptional("danfojs-node", "toDanfo", () => Promise.reject(broken))).rejects.toBe(
      broken,
    );
    // A missing dependency of the package is a different package: not reported as the optional one missing.
    const inner = Object.assign(new Error("Cannot find package 'xlsx' imported from danfojs-node"), {
      code: "ERR_MODULE_NOT_FOUND",
    });
    await expect(importOptional("danfojs-node", "toDanfo", () => Promise.reject(inner))).rejects.toBe(inner);
  });
});
