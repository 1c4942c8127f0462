// parseYaml reads data with js-yaml (fast) and positions with `yaml` (on demand): both must read the same data.
// Every YAML file of the repository (felis schemas, gates, camera and failure files), and scalars where YAML
// libraries differ, are read by parseYaml and by `yaml` itself and compared; positions and errors stay `yaml`'s.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { InputError } from "../../src/core/errors.js";
import { parseGate } from "../../src/gate/parse.js";
import { lintFelisDocument } from "../../src/schema/lint.js";
import { parseYaml } from "../../src/schema/yaml-doc.js";

/** What `yaml` reads, as the loader read it before js-yaml: YAML 1.2 core, unique keys; throws on an error. */
const byYaml = (text: string): unknown => {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) throw doc.errors[0];
  return doc.toJS();
};

/** The data, or "error" when the reader refuses the text. */
const read = (reader: () => unknown): unknown => {
  try {
    return reader();
  } catch {
    return "error";
  }
};

const files = execFileSync("git", ["ls-files", "*.yaml", "*.yml"], { encoding: "utf8" })
  .split("\n")
  .filter((f) => f !== "");

describe("parseYaml reads what `yaml` reads", () => {
  it("on every YAML file of the repository", () => {
    expect(files.length).toBeGreaterThan(40);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      // (a camera file of obs_lsst uses more aliases than `yaml` expands: refused by both)
      expect([file, read(() => parseYaml(text, file).data)]).toEqual([file, read(() => byYaml(text))]);
    }
  });

  it("on scalars where YAML 1.1 and 1.2 readers differ", () => {
    const scalars = [
      "yes",
      "no",
      "on",
      "off",
      "Y",
      "True",
      "FALSE",
      "~",
      "null",
      "Null",
      "",
      "0o17",
      "017",
      "0x1F",
      "0b101",
      "1_000",
      "+12",
      "-0",
      "0.",
      ".5",
      "1e3",
      "1E-3",
      "-1.5e+3",
      ".inf",
      "-.Inf",
      ".NaN",
      "2026-12-07",
      "2026-12-07T10:00:00Z",
      "12:30:00",
      "9007199254740993",
      "'quoted'",
      '"esc\\tape"',
      "pixel**2",
      "*",
      "'*'",
      "a: b",
      "[1, 2]",
      "{a: 1}",
    ];
    for (const s of scalars) {
      const text = `v: ${s}\n`;
      expect([s, read(() => parseYaml(text, "s.yaml").data)]).toEqual([s, read(() => byYaml(text))]);
    }
  });

  it("on keys, directives, tags and line breaks where the two readers differ", () => {
    const texts = [
      "~: a\nb: 1\n",
      "null: a\n",
      "- NULL: a\n",
      ": a\n",
      "{~: 1, b: 2}\n",
      "%YAML 1.1\n---\nv: yes\nw: 0o7\nx: 010\n",
      "v: !!float 1\n",
      "v: !!int '3'\n",
      "a: 1\rb: 2\r",
      "a: 1\r\nb: 2\r\n",
      "\ufeffa: 1\n",
      "---\na: 1\n...\n",
      "# only a comment\n",
      "",
    ];
    for (const text of texts)
      expect([text, read(() => parseYaml(text, "k.yaml").data)]).toEqual([
        text,
        read(() => byYaml(text.replace(/\r(?!\n)/g, "\n"))),
      ]);
    // a lone CR breaks lines for the positions too
    expect(parseYaml("a: 1\rb: 2\r", "cr.yaml").doc.position(["b"])).toEqual({ line: 2, column: 4 });
  });

  it("takes a lone CR as a line break in gate files and schema lint too, positions included", () => {
    const gate = "gate: g\ntables:\n  Object: Object.parquet\nwran: []\n";
    const error = (text: string) => {
      try {
        parseGate(text, "/data/g.yaml");
      } catch (e) {
        return (e as Error).message;
      }
      return "no error";
    };
    expect(error(gate.replace(/\n/g, "\r"))).toBe(error(gate));
    expect(error(gate)).toMatch(/^\/data\/g\.yaml:4:1: .*wran/);
    const felis = "name: s\ntables:\n- name: T\n  columns:\n  - name: a\n    datatype: long\n";
    expect(lintFelisDocument(felis.replace(/\n/g, "\r"), "s.yaml")).toEqual(
      lintFelisDocument(felis, "s.yaml"),
    );
  });

  it("gives no position rather than a wrong one where only js-yaml reads the text", () => {
    const { doc, data } = parseYaml("a: |\n  x\n\t\nb: 1\n", "tab.yaml");
    expect(data).toEqual({ a: "x\n", b: 1 });
    expect(doc.position(["b"])).toBeUndefined();
  });

  it("on block scalars, flow collections, tags and comments", () => {
    const text = [
      "a: |",
      "  two",
      "  lines",
      "b: >-",
      "  folded",
      "  text",
      "c: !!str 12",
      "d: [1, {e: f}, 'g']",
      "# comment",
      "h:",
      "  - i: 1 # trailing",
      "    j: ~",
      "k: ''",
      "",
    ].join("\n");
    expect(parseYaml(text, "t.yaml").data).toEqual(byYaml(text));
  });

  it("takes anchors and aliases the `yaml` way, alias bombs refused", () => {
    const text = "a: &x [1, 2]\nb: *x\n";
    expect(parseYaml(text, "t.yaml").data).toEqual({ a: [1, 2], b: [1, 2] });
    const bomb = [
      "a: &a [x, x]",
      ...Array.from({ length: 12 }, (_, i) => {
        const p = String.fromCharCode(97 + i);
        const n = String.fromCharCode(98 + i);
        return `${n}: &${n} [*${p}, *${p}, *${p}, *${p}]`;
      }),
    ].join("\n");
    expect(() => parseYaml(bomb, "bomb.yaml")).toThrow(/cannot be expanded|alias/i);
  });

  it("reports syntax errors and duplicate keys with `yaml`'s line and column", () => {
    for (const [text, line] of [
      ["a: 1\nb: [1, 2\n", 3],
      ["a: 1\na: 2\n", 2],
    ] as const) {
      let error: unknown;
      try {
        parseYaml(text, "bad.yaml");
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toMatch(/^bad\.yaml:\d+:\d+: /);
      expect((error as InputError).position?.line).toBe(line);
    }
  });

  it("composes positions on demand, the same as `yaml`'s", () => {
    const { doc } = parseYaml("a:\n  b: 1\nc:\n  - d: 2\n", "p.yaml");
    expect(doc.position(["a", "b"])).toEqual({ line: 2, column: 6 });
    expect(doc.position(["c", 0, "d"])).toEqual({ line: 4, column: 8 });
    expect(doc.position(["c", 0, "missing"])).toEqual({ line: 4, column: 5 });
  });
});
