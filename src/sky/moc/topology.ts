// Connected components (edge-adjacent cells) and boundary edges of a coverage, at one order.
import { boundariesNest, neighboursNest } from "../healpix/index.js";
import { checkMocOrder, MOC_MAX_ORDER_NUMBER, type Moc, mocCells, mocDegrade, mocFromCells } from "./moc.js";
import { upperBound } from "./ranges.js";

// healpy neighbour order is SW, W, NW, N, NE, E, SE, S; a cell shares an edge only with SW, NW, NE, SE
// (W, N, E, S touch at a corner).
const EDGE_NEIGHBOURS = [0, 2, 4, 6] as const;

function indexOf(sorted: Float64Array, v: number): number {
  const k = upperBound(sorted, v) - 1;
  return k >= 0 && sorted[k] === v ? k : -1;
}

/**
 * Connected components of the coverage at `order` (default maxOrder, ≤ 24; a lower order degrades first),
 * cells joined when they share an edge. Largest component first.
 * @example mocConnectedComponents(mocFromCells(2, [0, 1, 100])).length // 2
 */
export function mocConnectedComponents(moc: Moc, order = moc.maxOrder, limit = 1e7): Moc[] {
  checkMocOrder(order, MOC_MAX_ORDER_NUMBER);
  const cells = mocCells(mocDegrade(moc, order), order, limit);
  const n = cells.length;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r];
    while (parent[i] !== r) {
      const next = parent[i];
      parent[i] = r;
      i = next;
    }
    return r;
  };
  for (let i = 0; i < n; i++) {
    const nb = neighboursNest(order, cells[i]);
    for (const d of EDGE_NEIGHBOURS) {
      const j = nb[d] < 0 ? -1 : indexOf(cells, nb[d]);
      if (j >= 0) {
        const a = find(i);
        const b = find(j);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    let g = groups.get(r);
    if (!g) {
      g = [];
      groups.set(r, g);
    }
    g.push(cells[i]);
  }
  return [...groups.values()]
    .sort((a, b) => b.length - a.length || a[0] - b[0])
    .map((g) => mocFromCells(order, g));
}

/**
 * Boundary edges of the coverage at `order` (default maxOrder, ≤ 24): every cell edge whose edge
 * neighbour is not covered, as a polyline of step + 1 points [ra, dec] (healpy boundaries, densified).
 * @example mocBoundaryEdges(mocFromCells(0, [0])).length // 4
 */
export function mocBoundaryEdges(
  moc: Moc,
  order = moc.maxOrder,
  step = 1,
  limit = 1e7,
): [number, number][][] {
  checkMocOrder(order, MOC_MAX_ORDER_NUMBER);
  const cells = mocCells(mocDegrade(moc, order), order, limit);
  const edges: [number, number][][] = [];
  // boundariesNest runs N -> W -> S -> E; edge k of the outline (k·step … (k+1)·step) faces the
  // neighbour NW, SW, SE, NE respectively (healpy indices 2, 0, 6, 4).
  const facing = [2, 0, 6, 4];
  for (let i = 0; i < cells.length; i++) {
    const nb = neighboursNest(order, cells[i]);
    let outline: [number, number][] | null = null;
    for (let k = 0; k < 4; k++) {
      const other = nb[facing[k]];
      if (other >= 0 && indexOf(cells, other) >= 0) continue;
      outline ??= boundariesNest(order, cells[i], step);
      const edge: [number, number][] = [];
      for (let t = 0; t <= step; t++) edge.push(outline[(k * step + t) % (4 * step)]);
      edges.push(edge);
    }
  }
  return edges;
}

/** Edge-neighbour directions (healpy indices) used for adjacency. @example MOC_EDGE_NEIGHBOURS // [0, 2, 4, 6] */
export const MOC_EDGE_NEIGHBOURS: readonly number[] = EDGE_NEIGHBOURS;
