// Doctest extraction: the `@example` blocks of doc comments in src/, split into statements and expectations.
//
// Convention (README "Examples that run"): an example is TypeScript run from the repository root with the whole
// public API, the module's own exports and apache-arrow in scope; top-level `await` is allowed. A line comment
// after code states the result of that code (the expression, or the variable a `const`/`let` declares):
//   expr // value          deep equality with the JavaScript value (`[1, null]`, `{ a: 1n }`, `"x"`, `NaN`)
//   expr // ≈ value        numbers agree to the last decimal shown in `value` (anywhere inside arrays/objects)
//   expr // throws text    the code throws (or rejects) with an error whose "Name: message" contains `text`
// `→` or `=>` may precede the value. A comment alone on the next line states the result of the line above.
// Code without a result comment must run without throwing.
import { readFileSync } from "node:fs";
import ts from "typescript";

export interface Expectation {
  kind: "equal" | "approx" | "throws";
  /** Source text of the expected value (equal, approx) or the message part (throws). */
  text: string;
  /** The stated object or array lists only some members (it ended in `…`). */
  partial?: boolean;
}

export interface Step {
  /** TypeScript source of the statement or expression. */
  code: string;
  /** 1-based line in the source file. */
  line: number;
  expect?: Expectation;
  /** For `const x = …; // value`: the declared name whose value is checked. */
  declared?: string;
}

export interface Example {
  file: string;
  line: number;
  steps: Step[];
}

/** Index of the `//` that starts a line comment in `line`, outside strings, regexes are not expected; -1 if none. */
export function commentStart(line: string): number {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "/" && line[i + 1] === "/" && line[i - 1] !== ":") return i;
  }
  return -1;
}

/**
 * The expectation a comment states. A remark may follow the value after ` — `, ` (`, `: ` or `; ` (at bracket
 * depth 0); `…` or `...` as the last member of an object or array literal means "at least these members"; a
 * number written with a trailing `…`/`...` (`0.00104…`) is compared to the digits shown.
 */
export function parseExpectation(comment: string): Expectation {
  let text = comment.trim().replace(/^(→|=>)\s*/, "");
  const throws = /^throws\b:?\s*(.*)$/s.exec(text);
  if (throws) {
    // `throws "message"`: the quotes delimit the message.
    const message = (throws[1] ?? "").trim();
    const quoted = /^"(.*)"$/s.exec(message);
    return { kind: "throws", text: quoted ? (quoted[1] ?? "") : message };
  }
  text = literalNotation(text);
  let approx = false;
  if (text.startsWith("≈")) {
    text = text.slice(1).trim();
    approx = true;
  }
  text = valuePart(text);
  let partial = false;
  const open = text.replace(/,\s*(…|\.\.\.)\s*([}\]])/g, (_m, _dots, close: string) => {
    partial = true;
    return close;
  });
  text = open;
  const digits = text.replace(/(\d)(…|\.\.\.)/g, (_m, d: string) => {
    approx = true;
    return d;
  });
  return { kind: approx ? "approx" : "equal", text: digits, ...(partial ? { partial } : {}) };
}

/**
 * Node's printed forms as JavaScript: `Float64Array [1, 2]` → `Float64Array.from([1, 2])`,
 * `Map { "a" => 1 }` → `new Map([["a", 1]])` (top-level entries only).
 */
export function literalNotation(text: string): string {
  let out = text.replace(/\b((?:Big)?(?:Int|Uint|Float)(?:8|16|32|64)(?:Clamped)?Array) \[/g, "$1.from([");
  // close each `.from([` with `])`
  let result = "";
  const stack: string[] = [];
  for (let i = 0; i < out.length; i++) {
    if (out.startsWith(".from([", i)) {
      result += ".from([";
      stack.push("from");
      i += 6;
      continue;
    }
    const c = out[i] as string;
    if (c === "[") stack.push("[");
    if (c === "]") {
      const top = stack.pop();
      result += top === "from" ? "])" : "]";
      continue;
    }
    result += c;
  }
  out = result;
  const map = /^Map \{(.*)\}(.*)$/s.exec(out);
  if (map) {
    const entries = splitTopLevel(map[1] ?? "").map((entry) => {
      const [key, value] = entry.split(" => ");
      return `[${key?.trim()}, ${value?.trim()}]`;
    });
    out = `new Map([${entries.join(", ")}])${map[2]}`;
  }
  return out;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (text.slice(start).trim() !== "") parts.push(text.slice(start));
  return parts.filter((p) => p.trim() !== "");
}

const LITERAL_WORDS = new Set(["true", "false", "null", "undefined", "NaN", "Infinity"]);

/** The value at the start of `text`, without a trailing remark. */
function valuePart(text: string): string {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if ("([{".includes(c)) {
      if (depth === 0 && c === "(" && text[i - 1] === " ") {
        const head = text.slice(0, i).trim();
        if (acceptable(head)) return head;
      }
      depth++;
    } else if (")]}".includes(c)) depth--;
    else if (
      depth === 0 &&
      (text.startsWith(" — ", i) || text.startsWith(": ", i) || text.startsWith("; ", i))
    ) {
      const head = text.slice(0, i).trim();
      if (acceptable(head)) return head;
    }
  }
  return text;
}

function acceptable(head: string): boolean {
  const clean = head.replace(/(\d)(…|\.\.\.)/g, "$1").replace(/,\s*(…|\.\.\.)\s*([}\]])/g, "$2");
  if (!isExpression(clean)) return false;
  // A bare word is prose ("min 0"), unless it is a literal.
  return !/^[A-Za-z_$][\w$]*$/.test(clean) || LITERAL_WORDS.has(clean);
}

/** True when `code` parses as one TypeScript expression. */
export function isExpression(code: string): boolean {
  const source = ts.createSourceFile("x.ts", `(${code}\n);`, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const diagnostics = (source as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics;
  return diagnostics.length === 0 && source.statements.length === 1;
}

const DECLARATION = /^(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*([\s\S]*?);?\s*$/;

/** The `@example` blocks of one source file. */
export function extractExamples(file: string, text = readFileSync(file, "utf8")): Example[] {
  const lines = text.split("\n");
  const examples: Example[] = [];
  let inDoc = false;
  let current: { line: number; body: Array<{ text: string; line: number }> } | null = null;
  const finish = () => {
    if (current) examples.push({ file, line: current.line, steps: toSteps(current.body) });
    current = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    if (!inDoc) {
      if (/^\s*\/\*\*/.test(raw) && !/\*\/\s*$/.test(raw.replace(/^\s*\/\*\*/, ""))) inDoc = true;
      else if (/^\s*\/\*\*.*@example/.test(raw)) {
        // one-line doc comment with an example
        const m = /@example\s*(.*?)\s*\*\/\s*$/.exec(raw);
        if (m?.[1]) examples.push({ file, line: i + 1, steps: toSteps([{ text: m[1], line: i + 1 }]) });
      }
      continue;
    }
    const end = /\*\/\s*$/.test(raw);
    const content = raw
      .replace(/\*\/\s*$/, "")
      .replace(/^\s*\*\s?/, "")
      .replace(/\s+$/, "");
    const tag = /^@(\w+)\s*(.*)$/.exec(content.trim());
    if (tag) {
      finish();
      if (tag[1] === "example") {
        current = { line: i + 1, body: [] };
        if (tag[2]) current.body.push({ text: tag[2], line: i + 1 });
      }
    } else if (current && content.trim() !== "") current.body.push({ text: content, line: i + 1 });
    if (end) {
      finish();
      inDoc = false;
    }
  }
  return examples;
}

function toSteps(body: Array<{ text: string; line: number }>): Step[] {
  const steps: Step[] = [];
  let pending: Array<{ text: string; line: number }> = [];
  const flushPending = () => {
    if (pending.length > 0)
      steps.push({ code: pending.map((p) => p.text).join("\n"), line: pending[0]?.line ?? 0 });
    pending = [];
  };
  for (const { text, line } of body) {
    const at = commentStart(text);
    const code = (at < 0 ? text : text.slice(0, at)).trim();
    const comment = at < 0 ? null : text.slice(at + 2).trim();
    if (code === "" && comment !== null) {
      // A comment alone states the result of the statement above it.
      if (pending.length > 0) {
        attach(pending, comment, steps);
        pending = [];
      } else {
        const last = steps[steps.length - 1];
        if (last && !last.expect) Object.assign(last, withExpectation(last.code, last.line, comment));
      }
      continue;
    }
    pending.push({ text: code, line });
    if (comment !== null) {
      attach(pending, comment, steps);
      pending = [];
    }
  }
  flushPending();
  return steps;
}

/** Split pending lines into leading statements and the shortest trailing expression the comment is about. */
function attach(pending: Array<{ text: string; line: number }>, comment: string, steps: Step[]): void {
  for (let k = 1; k <= pending.length; k++) {
    const tail = pending.slice(pending.length - k);
    const code = tail.map((p) => p.text).join("\n");
    const step = withExpectation(code, tail[0]?.line ?? 0, comment);
    if (step.declared || isExpression(step.code.replace(/;\s*$/, ""))) {
      const head = pending.slice(0, pending.length - k);
      if (head.length > 0) steps.push({ code: head.map((p) => p.text).join("\n"), line: head[0]?.line ?? 0 });
      steps.push(step);
      return;
    }
  }
  // Not an expression (a statement, or prose after code): run it and keep the expectation for the report.
  steps.push({ ...withExpectation(pending.map((p) => p.text).join("\n"), pending[0]?.line ?? 0, comment) });
}

function withExpectation(code: string, line: number, comment: string): Step {
  const expect = parseExpectation(comment);
  const declaration = DECLARATION.exec(code);
  if (declaration && !code.includes("\n")) return { code, line, expect, declared: declaration[1] };
  return { code: code.replace(/;\s*$/, ""), line, expect };
}
