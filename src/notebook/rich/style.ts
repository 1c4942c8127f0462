/** The one stylesheet of skygate's notebook HTML (tables, status colours, sparklines, collapsible parts). */

/**
 * A `<style>` element for skygate notebook output; every rich display starts with it (front ends keep
 * each output's HTML apart, so it cannot be sent once).
 * @example richStyle().startsWith("<style>") // true
 */
export function richStyle(): string {
  return (
    "<style>" +
    ".skygate-rich{font-size:12px}" +
    ".skygate-rich h4{margin:8px 0 4px}" +
    ".skygate-table{border-collapse:collapse;font-size:12px;margin:2px 0}" +
    ".skygate-table th,.skygate-table td{border:1px solid #ddd;padding:2px 6px;text-align:right;vertical-align:top}" +
    ".skygate-table th small{display:block;font-weight:normal;color:#777}" +
    ".skygate-table td.l,.skygate-table th.l{text-align:left}" +
    ".skygate-table caption{text-align:left;color:#555}" +
    ".skygate-null{color:#999;font-style:italic}.skygate-nan{color:#b35900}.skygate-inf{color:#a00}" +
    ".skygate-pass{color:#1a7f37}.skygate-fail{color:#c62828;font-weight:bold}.skygate-error{color:#8250df;font-weight:bold}" +
    ".skygate-skip{color:#777}.skygate-zero{color:#bbb}" +
    ".skygate-rich details{margin:4px 0}.skygate-rich summary{cursor:pointer;color:#0550ae}" +
    ".skygate-cell-ok{background:#e6f4ea}.skygate-cell-bad{background:#fde2e1}.skygate-cell-warn{background:#fff4ce}" +
    ".skygate-cell-none{background:#f2f2f2}" +
    "</style>"
  );
}
