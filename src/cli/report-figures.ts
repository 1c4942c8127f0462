/** Figures for `--html` reports: built from the report and its sources; a failure to plot never loses the report. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../core/errors.js";
import type { Report } from "../core/results.js";
import type { TableSource } from "../io/table.js";
import type { TableProfile } from "../metrics/types.js";
import { htmlToPng } from "../plots/export.js";
import { profileReportFigures } from "../plots/profile-report.js";
import { checkReportFigures, reportPlotsHtml } from "../plots/report.js";
import type { HtmlFigures } from "../report/html.js";
import type { CliIO } from "./io.js";

/**
 * The HTML figures of a check report, or undefined (with a warning on stderr) when they cannot be made.
 * @example (await htmlFigures(report, new Map([["Object", source]]), { stdout() {}, stderr() {}, stderrIsTTY: false, version: "0" }))?.top.includes("Overview") // true
 */
export async function htmlFigures(
  report: Report,
  sources: ReadonlyMap<string, TableSource>,
  io: CliIO,
): Promise<HtmlFigures | undefined> {
  try {
    return reportPlotsHtml(await checkReportFigures(report, sources));
  } catch (error) {
    io.stderr(
      `skygate: HTML report written without figures: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return undefined;
  }
}

/**
 * The HTML figures of a profile run, or undefined (with a warning) when they cannot be made.
 * @example (await profileFigures({}, new Map(), { stdout() {}, stderr() {}, stderrIsTTY: false, version: "0" }))?.top.includes("No table has sky positions") // true
 */
export async function profileFigures(
  profiles: Readonly<Record<string, TableProfile>>,
  sources: ReadonlyMap<string, TableSource>,
  io: CliIO,
): Promise<HtmlFigures | undefined> {
  try {
    const figures = await profileReportFigures(profiles, sources, io.version);
    return reportPlotsHtml(figures, "Positions", "No table has sky positions.");
  } catch (error) {
    io.stderr(
      `skygate: HTML page written without figures: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return undefined;
  }
}

/**
 * `--png OUT`: a screenshot of the top of an HTML report (overview and sky maps) through headless Chromium;
 * a missing playwright-core or browser is a usage error naming what to install.
 * @example await writeReportPng("<html><body>report</body></html>", "build/doctest/report.png")
 */
export async function writeReportPng(html: string, png: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "skygate-report-"));
  try {
    const page = join(dir, "report.html");
    writeFileSync(page, html);
    await htmlToPng(page, png, { width: 1300, height: 2400, fullPage: false });
  } catch (error) {
    throw new UsageError(
      `cannot write ${png}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
