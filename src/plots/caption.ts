/**
 * Provenance on every figure, as Rubin's plotting guide asks ("enough provenance information … that anyone
 * can recreate the plot"): sources, table, filters, tract/band and the skygate version, as a caption.
 */

/** What a figure was made from. */
export interface Provenance {
  /** Source files or service URL. */
  sources?: readonly string[];
  table?: string;
  /** Row selection, e.g. `detect_isPrimary = 1`. */
  filters?: string;
  tract?: number | string;
  band?: string;
  /** Anything else worth stating (check id, order of a HEALPix map…). */
  notes?: readonly string[];
  /** skygate version (the CLI fills it in). */
  version?: string;
}

function shortList(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).join(", ");
  return items.length > max ? `${shown} (+${items.length - max} more)` : shown;
}

/**
 * The caption text: one line, fields separated by " · ".
 * @example captionText({ table: "Object", tract: 4431, version: "0.1.0" }) // "table Object · tract 4431 · skygate 0.1.0"
 */
export function captionText(provenance: Provenance): string {
  const parts: string[] = [];
  if (provenance.table) parts.push(`table ${provenance.table}`);
  if (provenance.sources && provenance.sources.length > 0)
    parts.push(`from ${shortList(provenance.sources)}`);
  if (provenance.filters) parts.push(`where ${provenance.filters}`);
  if (provenance.tract !== undefined) parts.push(`tract ${provenance.tract}`);
  if (provenance.band) parts.push(`band ${provenance.band}`);
  for (const n of provenance.notes ?? []) parts.push(n);
  parts.push(`skygate ${provenance.version ?? "(version unknown)"}`);
  return parts.join(" · ");
}

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * A plotly annotation placing the caption under the plot area (paper coordinates).
 * @example captionAnnotation({ table: "Object" }).yref // "paper"
 */
export function captionAnnotation(provenance: Provenance): Record<string, unknown> {
  return {
    text: escapeText(captionText(provenance)),
    xref: "paper",
    yref: "paper",
    x: 0,
    y: 0,
    xanchor: "left",
    yanchor: "top",
    yshift: -8,
    showarrow: false,
    align: "left",
    font: { size: 10, color: "#57606a" },
    name: "provenance",
  };
}

/**
 * A figure with its caption added as the title's subtitle (top left, where Rubin stamps provenance); the
 * input is not changed.
 * @example withCaption({ data: [] }, { table: "Object" }).layout.title.subtitle.text // "table Object · skygate (version unknown)"
 */
export function withCaption<
  F extends { data: readonly Record<string, unknown>[]; layout?: Record<string, unknown> },
>(figure: F, provenance: Provenance): F & { layout: Record<string, unknown> } {
  const layout = { ...(figure.layout ?? {}) };
  const old = layout.title;
  const title: Record<string, unknown> =
    typeof old === "object" && old !== null
      ? { ...(old as Record<string, unknown>) }
      : { text: typeof old === "string" ? old : "" };
  title.subtitle = { text: escapeText(captionText(provenance)), font: { size: 10, color: "#57606a" } };
  layout.title = { x: 0.01, xanchor: "left", ...title };
  const margin: Record<string, number> = {
    l: 40,
    r: 40,
    b: 40,
    ...((layout.margin as Record<string, number>) ?? {}),
  };
  margin.t = Math.max(margin.t ?? 0, 80);
  return { ...figure, layout: { ...layout, margin } };
}
