/**
 * Write figures to files: a self-contained HTML page, or a PNG rendered by headless Chromium through
 * playwright-core (an optional peer dependency; the system browser, no browser download).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { CHROMIUM_FLAGS, DEFAULT_CHROMIUM, figuresPage } from "./html.js";
import type { PlotlyFigure } from "./types.js";

/**
 * Write one or more figures as a self-contained HTML page (plotly.js inlined).
 * @example writeFigureHtml(skyMap().figure(), "build/doctest/map.html")
 */
export function writeFigureHtml(
  figure: PlotlyFigure | readonly PlotlyFigure[],
  path: string,
  title?: string,
): void {
  const figures = Array.isArray(figure) ? figure : [figure as PlotlyFigure];
  mkdirSync(dirname(path), { recursive: true });
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
  screenshot(options: { path?: string; fullPage?: boolean; timeout?: number }): Promise<Uint8Array>;
  on(event: string, handler: (arg: never) => void): void;
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

/** Size and browser of a PNG export (headless Debian Chromium through playwright-core). */
export interface PngOptions {
  width?: number;
  height?: number;
  /** Chromium binary (default SKYGATE_CHROMIUM or /usr/bin/chromium). */
  executablePath?: string;
  timeoutMs?: number;
  /** Screenshot the whole page (default) or only the viewport (long reports). */
  fullPage?: boolean;
}

async function withPage<T>(
  htmlPath: string,
  options: PngOptions,
  use: (page: Page, problems: string[]) => Promise<T>,
): Promise<T> {
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
    const problems: string[] = [];
    page.on("console", (m: { type(): string; text(): string }) => {
      if (m.type() === "error") problems.push(`console error: ${m.text()}`);
    });
    page.on("pageerror", (e: Error) => problems.push(`page error: ${e.message}`));
    page.on("requestfailed", (r: { url(): string }) => problems.push(`request failed: ${r.url()}`));
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load", timeout: options.timeoutMs ?? 60000 });
    await page.waitForFunction(
      "Array.from(document.querySelectorAll('.skygate-figure')).every((d) => d.querySelector('.main-svg'))",
      undefined,
      { timeout: options.timeoutMs ?? 60000 },
    );
    return await use(page, problems);
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Render an HTML file to a PNG with headless Chromium, waiting until every plotly figure has drawn.
 * @example
 * writeFigureHtml(skyMap().figure(), "build/doctest/map.html");
 * await htmlToPng("build/doctest/map.html", "build/doctest/map.png");
 */
export async function htmlToPng(htmlPath: string, pngPath: string, options: PngOptions = {}): Promise<void> {
  await withPage(htmlPath, options, (page) =>
    page.screenshot({
      path: pngPath,
      fullPage: options.fullPage ?? true,
      timeout: options.timeoutMs ?? 60000,
    }),
  );
}

/** What a browser saw on a page of figures. */
export interface PageInspection {
  figures: number;
  /** Figures with plotly's `.main-svg` drawn. */
  rendered: number;
  /** WebGL canvases (scattergl) and how many of them hold a non-blank pixel. */
  glCanvases: number;
  glNonBlank: number;
  /** Console errors, page errors and failed requests (an offline page makes none). */
  problems: string[];
}

const INSPECT = `(() => {
  const figs = Array.from(document.querySelectorAll('.skygate-figure'));
  const rendered = figs.filter((d) => d.querySelector('.main-svg')).length;
  let gl = 0, nonBlank = 0;
  for (const c of Array.from(document.querySelectorAll('.skygate-figure canvas'))) {
    const ctx = c.getContext('webgl', { preserveDrawingBuffer: true }) || c.getContext('webgl2');
    if (!ctx || c.width === 0 || c.height === 0) continue;
    gl++;
    const px = new Uint8Array(c.width * c.height * 4);
    ctx.readPixels(0, 0, c.width, c.height, ctx.RGBA, ctx.UNSIGNED_BYTE, px);
    for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) { nonBlank++; break; }
  }
  return { figures: figs.length, rendered, glCanvases: gl, glNonBlank: nonBlank };
})()`;

/**
 * Open an HTML page of figures in headless Chromium, check what rendered, and save a full-page screenshot.
 * @example
 * writeFigureHtml(skyMap().figure(), "build/doctest/map.html");
 * (await inspectHtml("build/doctest/map.html", "build/doctest/map.png")).problems // []
 */
export async function inspectHtml(
  htmlPath: string,
  pngPath: string,
  options: PngOptions = {},
): Promise<PageInspection> {
  return withPage(htmlPath, options, async (page, problems) => {
    const seen = await page.evaluate<Omit<PageInspection, "problems">>(INSPECT);
    await page.screenshot({
      path: pngPath,
      fullPage: options.fullPage ?? true,
      timeout: options.timeoutMs ?? 60000,
    });
    return { ...seen, problems };
  });
}

/**
 * Write a figure as a PNG (through a temporary HTML page).
 * @example await writeFigurePng(skyMap().figure(), "build/doctest/map.png")
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
