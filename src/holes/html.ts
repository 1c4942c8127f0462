/** The HTML report of `skygate holes`: the shared report page plus a holes table and the DC2-style lists. */
import { escapeXml as esc } from "../report/escape.js";
import { type HtmlFigures, toHtml } from "../report/html.js";
import type { HoleReport } from "./run.js";

/**
 * The report as one self-contained page: the figures when given (tract maps with the holes, patch grids), every
 * result, then the holes and patch lists.
 * @example
 * const footprint = footprintFromTracts(dc2SkyMap, new Map([[4431, null]]));
 * const hr = await runHoleChecks(new Map([["Object", source]]), { footprint, where: parseWhere(["detect_isPrimary"]) });
 * holesHtml(hr).startsWith("<!DOCTYPE html>") // true
 */
export function holesHtml(report: HoleReport, figures?: HtmlFigures): string {
  const page = toHtml(report, figures, "skygate holes");
  const row = (h: HoleReport["holes"][number]) =>
    `<tr><td>${esc(h.table)}</td><td class="n">${h.ra.toFixed(4)}</td><td class="n">${h.dec.toFixed(4)}</td><td class="n">${h.areaDeg2.toExponential(2)}</td><td>${h.tract ?? ""}</td><td>${esc(h.patchXY ?? "")}</td><td class="n">${h.observed}</td><td class="n">${h.expected.toFixed(0)}</td><td class="n">${h.significance.toFixed(1)}</td><td>${esc(h.shape?.kind ?? "")}</td><td>${esc((h.explainedBy ?? []).join(", "))}</td></tr>`;
  const head =
    "<tr><th>table</th><th>RA</th><th>Dec</th><th>area deg²</th><th>tract</th><th>patch</th><th>observed</th><th>expected</th><th>σ</th><th>shape</th><th>explained by</th></tr>";
  const lists = Object.entries(report.dc2Lists)
    .map(
      ([t, text]) =>
        `<h3>${esc(t)}</h3><pre>${esc(text === "" ? "every judged patch complete\n" : text)}</pre>`,
    )
    .join("");
  const section = `<h2>Holes</h2><table>${head}${report.holes.map(row).join("")}</table>
<h2>Explained by masks</h2><table>${head}${report.explained.map(row).join("")}</table>
<h2>Missing and low-density patches</h2>${lists}`;
  return page.replace("</body>", `${section}\n</body>`);
}
