/** Figure types shared by the plot modules: plotly traces and figures as plain JSON-able objects. */
import type { PlotlyFigure } from "../notebook/plotly.js";

export type { PlotlyFigure };

/** One plotly trace (plotly's own schema; kept open so every attribute plotly knows can be set). */
export type Trace = Record<string, unknown>;

/** A rectangle in projected map units: [xMin, xMax, yMin, yMax]. */
export type Extent = readonly [number, number, number, number];
