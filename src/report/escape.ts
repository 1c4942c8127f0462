/**
 * Escapes text for XML and HTML element content and attribute values.
 * @example
 * escapeXml('a<b & "c"') // "a&lt;b &amp; &quot;c&quot;"
 */
export function escapeXml(text: string): string {
  // Control characters other than tab/newline are not allowed in XML 1.0 at all.
  let clean = "";
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) clean += ch;
  }
  return clean
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/**
 * Escapes data-derived text for a Markdown table cell: pipes and newlines would break the row; `<`, `>` and `&`
 * become entities so a column named `<img onerror=…>` is text, never a tag; emphasis, link and code characters
 * are backslash-escaped.
 * @example
 * escapeMarkdownCell("a|b<script>") // "a\\|b&lt;script&gt;"
 */
export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/[\\|`*[\]]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r?\n|\r/g, " ");
}

/**
 * Data-derived text as inline code that is safe in a Markdown table cell. Plain names become a code span; text
 * with `<`, `>`, `&` or backticks becomes `<code>` with every punctuation character as a numeric entity, so
 * neither a tag nor Markdown can come out of it (entities are decoded inside `<code>`, not inside a code span).
 * @example
 * markdownCode("Object.r_psfFlux.nan") // "`Object.r_psfFlux.nan`"
 * markdownCode("a<b") // "<code>a&#60;b</code>"
 */
export function markdownCode(text: string): string {
  const flat = text.replace(/\r?\n|\r/g, " ");
  if (!/[<>&`]/.test(flat)) return `\`${flat.replace(/\|/g, "\\|")}\``;
  const safe = flat.replace(/[^\p{L}\p{N} .-]/gu, (c) => `&#${c.codePointAt(0)};`);
  return `<code>${safe}</code>`;
}
