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

/**
 * Boundary of the coverage as polylines for drawing: the edges of {@link mocBoundaryEdges} chained end to
 * end (closed loops repeat their first point at the end). Where two loops touch at a single corner the
 * pairing of edges there is arbitrary, which does not change the drawing.
 * @example mocBoundaryPolylines(mocFromCells(0, [0])).length // 1 (one closed loop)
 */
export function mocBoundaryPolylines(
  moc: Moc,
  order = moc.maxOrder,
  step = 1,
  limit = 1e7,
): [number, number][][] {
  const edges = mocBoundaryEdges(moc, order, step, limit);
  // Corners shared by neighbouring cells are computed from different cells; match them to 1e-9 deg.
  const key = (p: [number, number]) => `${Math.round(p[0] * 1e9) % 360e9},${Math.round(p[1] * 1e9)}`;
  const byEnd = new Map<string, number[]>();
  edges.forEach((e, i) => {
    for (const k of [key(e[0]), key(e[e.length - 1])]) {
      const list = byEnd.get(k);
      if (list) list.push(i);
      else byEnd.set(k, [i]);
    }
  });
  const used = new Uint8Array(edges.length);
  const takeFrom = (k: string): [number, number][] | null => {
    for (const i of byEnd.get(k) ?? []) {
      if (used[i]) continue;
      used[i] = 1;
      const e = edges[i];
      return key(e[0]) === k ? e : e.slice().reverse();
    }
    return null;
  };
  const lines: [number, number][][] = [];
  for (let i = 0; i < edges.length; i++) {
    if (used[i]) continue;
    used[i] = 1;
    const line = edges[i].slice();
    for (let next = takeFrom(key(line[line.length - 1])); next; next = takeFrom(key(line[line.length - 1]))) {
      for (let t = 1; t < next.length; t++) line.push(next[t]);
    }
    // Extend backwards from the start too (open chains), collecting pieces to avoid huge unshifts.
    const head: [number, number][][] = [];
    let start = line[0];
    for (let prev = takeFrom(key(start)); prev; prev = takeFrom(key(start))) {
      const piece = prev.slice().reverse();
      head.push(piece.slice(0, -1));
      start = piece[0];
    }
    if (head.length > 0) {
      const prefix: [number, number][] = [];
      for (let h = head.length - 1; h >= 0; h--) for (const p of head[h]) prefix.push(p);
      lines.push(prefix.concat(line));
      continue;
    }
    lines.push(line);
  }
  return lines;
}
