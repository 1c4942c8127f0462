/**
 * Write figures to files: a self-contained HTML page, or a PNG rendered by headless Chromium through
 * playwright-core (an optional peer dependency; the system browser, no browser download).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { CHROMIUM_FLAGS, DEFAULT_CHROMIUM, figuresPage } from "./html.js";
import type { PlotlyFigure } from "./types.js";

/**
 * Write one or more figures as a self-contained HTML page (plotly.js inlined).
 * @example writeFigureHtml(skyMap().figure(), "build/map.html")
 */
export function writeFigureHtml(
  figure: PlotlyFigure | readonly PlotlyFigure[],
  path: string,
  title?: string,
): void {
  const figures = Array.isArray(figure) ? figure : [figure as PlotlyFigure];
  writeFileSync(path, figuresPage(figures, title ? { title } : {}));
}

/** The part of playwright-core skygate uses. */
interface BrowserContext {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
interface Page {
  goto(url: string, options?: { waitUntil?: string; timeout?: number }): Promise<unknown>;
  waitForFunction(fn: string, arg?: unknown, options?: { timeout?: number }): Promise<unknown>;
  screenshot(options: { path?: string; fullPage?: boolean }): Promise<Uint8Array>;
  on(event: string, handler: (arg: unknown) => void): void;
  evaluate<T>(fn: string): Promise<T>;
}
interface Chromium {
  launchPersistentContext(
    userDataDir: string,
    options: {
      executablePath: string;
      args: string[];
      headless?: boolean;
      viewport?: { width: number; height: number };
    },
  ): Promise<BrowserContext>;
}

/**
 * playwright-core's chromium, loaded from the working directory or the running script; a clear error when
 * it is not installed.
 * @example const chromium = loadPlaywrightChromium();
 */
export function loadPlaywrightChromium(): Chromium {
  const bases = [`${process.cwd()}/`, ...(process.argv[1] ? [process.argv[1]] : [])];
  for (const base of bases) {
    try {
      return (createRequire(base)("playwright-core") as { chromium: Chromium }).chromium;
    } catch {
      // next
    }
  }
  throw new Error(
    "PNG export needs the optional package playwright-core (npm i -D playwright-core) and a system Chromium " +
      "(Debian: apt-get install chromium); no browser is downloaded",
  );
}

export interface PngOptions {
  width?: number;
  height?: number;
  /** Chromium binary (default SKYGATE_CHROMIUM or /usr/bin/chromium). */
  executablePath?: string;
  timeoutMs?: number;
}

/**
 * Render an HTML file to a PNG with headless Chromium, waiting until every plotly figure has drawn.
 * @example await htmlToPng("build/report.html", "build/report.png")
 */
export async function htmlToPng(htmlPath: string, pngPath: string, options: PngOptions = {}): Promise<void> {
  const chromium = loadPlaywrightChromium();
  const profile = mkdtempSync(join(tmpdir(), "skygate-chromium-"));
  // A fresh profile per run (playwright passes it to Chromium as --user-data-dir).
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: options.executablePath ?? process.env.SKYGATE_CHROMIUM ?? DEFAULT_CHROMIUM,
    args: [...CHROMIUM_FLAGS],
    headless: true,
    viewport: { width: options.width ?? 1000, height: options.height ?? 700 },
  });
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load", timeout: options.timeoutMs ?? 60000 });
    await page.waitForFunction(
      "Array.from(document.querySelectorAll('.skygate-figure')).every((d) => d.querySelector('.main-svg'))",
      undefined,
      { timeout: options.timeoutMs ?? 60000 },
    );
    await page.screenshot({ path: pngPath, fullPage: true });
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Write a figure as a PNG (through a temporary HTML page).
 * @example await writeFigurePng(skyMap().figure(), "build/map.png")
 */
export async function writeFigurePng(
  figure: PlotlyFigure,
  path: string,
  options: PngOptions = {},
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "skygate-figure-"));
  try {
    const html = join(dir, "figure.html");
    writeFigureHtml(figure, html);
    const layout = figure.layout ?? {};
    await htmlToPng(html, path, {
      width: options.width ?? (typeof layout.width === "number" ? layout.width + 40 : 1000),
      height: options.height ?? (typeof layout.height === "number" ? layout.height + 40 : 700),
      ...options,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
