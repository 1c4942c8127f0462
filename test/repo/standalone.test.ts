// The repository stands alone: no code or test reads data from beside the checkout, the test-data helper refuses
// paths outside the repository, and every copied real-data file matches the checksum its PROVENANCE records.
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { EXTERNAL, external, externalText, insideRepo, REPO_ROOT } from "../helpers/paths.js";

// Built from pieces so this file does not match itself.
const FORBIDDEN = [`../${"shared"}`, `/work/${"shared"}`, `..\\${"shared"}`];
const SCANNED = ["src", "test", "scripts", "bench", "tools", "notebooks", "examples", "fixtures", ".ci"];
const BINARY = /\.(parquet|parq|fits|gz|sqlite3|png|arrow|feather)$/;
const SKIPPED_DIRS = new Set(["node_modules", "dist", "build", ".git"]);

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(path, out);
    } else if (entry.isFile()) out.push(path);
  }
  return out;
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("no reference to data beside the repository", () => {
  it("no file under src, test, scripts, bench, tools, notebooks, examples, fixtures or .ci names the folder", () => {
    const files = SCANNED.flatMap((dir) => walk(resolve(REPO_ROOT, dir)));
    expect(files.length).toBeGreaterThan(100);
    const hits: string[] = [];
    for (const file of files) {
      // PROVENANCE files may say where a copy came from; binary data cannot refer to a path.
      if (file.endsWith("PROVENANCE.md") || BINARY.test(file)) continue;
      const text = readFileSync(file, "utf8");
      if (text.includes("\0")) continue;
      text.split("\n").forEach((line, i) => {
        if (FORBIDDEN.some((f) => line.includes(f)))
          hits.push(`${relative(REPO_ROOT, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(hits).toEqual([]);
  });
});

describe("the test-data helper", () => {
  const outside = mkdtempSync(join(tmpdir(), "skygate-outside-"));
  afterAll(() => rmSync(outside, { recursive: true, force: true }));

  it("resolves files under test/data and refuses anything outside the repository", () => {
    expect(external("sdm_schemas", "dp02_dc2.yaml")).toBe(resolve(EXTERNAL, "sdm_schemas", "dp02_dc2.yaml"));
    expect(() => external("..", "..", "..", "shared", "external")).toThrow(/inside the repository|not found/);
    expect(() => external("..", "..", "..")).toThrow(/inside the repository/);
    expect(() => insideRepo(outside)).toThrow(/inside the repository/);
    expect(() => insideRepo(resolve(REPO_ROOT, ".."))).toThrow(/inside the repository/);
    expect(() => external("no_such_folder", "x.csv")).toThrow(/not found/);
  });

  it("refuses a symbolic link that leads out of the repository", () => {
    const link = join(mkdtempSync(join(REPO_ROOT, "test", "data", ".link-")), "out");
    try {
      symlinkSync(outside, link);
      expect(() => insideRepo(link)).toThrow(/inside the repository/);
    } finally {
      rmSync(resolve(link, ".."), { recursive: true, force: true });
    }
  });

  it("reads gzip-compressed copies as text", () => {
    const text = externalText(
      "dc2_visitlist",
      "DC2RegionPixels_minion1016_v3_WFDvisits_nside1024_WFDvisitsInWFD.csv.gz",
    );
    expect(text.split("\n")[0]).toBe("regionPixels");
  });
});

describe("test/data copies", () => {
  const folders = readdirSync(EXTERNAL, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith("."))
    .map((e) => e.name);

  it("every folder has a PROVENANCE with a licence, and every file in it is listed with its sha256", () => {
    expect(folders.length).toBeGreaterThanOrEqual(10);
    for (const folder of folders) {
      const dir = join(EXTERNAL, folder);
      const provenance = readFileSync(join(dir, "PROVENANCE.md"), "utf8");
      expect(provenance, folder).toMatch(/licen[cs]e/i);
      const files = walk(dir)
        .map((f) => relative(dir, f))
        .filter((f) => f !== "PROVENANCE.md" && f !== "COPYRIGHT");
      expect(files.length, folder).toBeGreaterThan(0);
      for (const file of files) {
        const bytes = readFileSync(join(dir, file));
        const name = file.replace(/\.gz$/, "");
        const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        const line = new RegExp(`^\\* \`${escaped}\` — .*$`, "m").exec(provenance)?.[0];
        expect(line, `${folder}/${file} is not listed in its PROVENANCE`).toBeDefined();
        if (file.endsWith(".gz") && line?.includes(`gzip of \`${name}\``)) {
          // Compressed by us: the stored bytes and the original bytes both match.
          expect(line, file).toContain(`stored file sha256 \`${sha256(bytes)}\``);
          expect(line, file).toContain(`sha256 \`${sha256(gunzipSync(bytes))}\``);
          // gzip -n: no file name, no time stamp, so the copy is reproducible.
          expect(bytes.readUInt32LE(4), `${file} has a gzip time stamp`).toBe(0);
          expect(bytes[3] & 0x08, `${file} stores its name`).toBe(0);
        } else {
          expect(line, file).toContain(`sha256 \`${sha256(bytes)}\``);
        }
      }
    }
  });

  it("stays small: no copied file over 2 MB", () => {
    const big = walk(EXTERNAL).filter((f) => statSync(f).size > 2_000_000);
    expect(big.map((f) => relative(REPO_ROOT, f))).toEqual([]);
  });
});
