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
 * Escapes text for a Markdown table cell (pipes and newlines would break the row).
 * @example
 * escapeMarkdownCell("a|b") // "a\\|b"
 */
export function escapeMarkdownCell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
