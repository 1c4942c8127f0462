/**
 * Profile of a table in one streaming pass: a mergeable table state for the whole table and, when a breakdown
 * is asked, one (cheaper: no distinct counts, no quantiles) per partition, bounded by `maxPartitions`.
 */
import type { ColumnInfo, TableSource } from "../../io/table.js";
import {
  addSource,
  createTableState,
  finalizeTableState,
  type TableState,
  updateTableState,
} from "../../metrics/table-state.js";
import type { TableProfile } from "../../metrics/types.js";
import type { ProfileRequest, ProfileResult } from "../types.js";
import { plainCounts } from "./count.js";
import { groupRows, partitionColumns } from "./partition.js";
import { batchPartitions } from "./partition-tally.js";
import { progressTotal, reportProgress, requireColumns, scanColumnNames } from "./scan.js";

/** The Arrow engine's `profile` (see Engine.profile). */
export async function profileSource(
  source: TableSource,
  request: ProfileRequest,
  maxPartitions: number,
): Promise<ProfileResult> {
  const info = await source.columns();
  if (request.columns) requireColumns(info, request.columns, source.name);
  const wanted = request.columns
    ? request.columns.map((n) => info.find((c) => c.name === n) as ColumnInfo)
    : info;
  const quantiles = request.quantiles ?? [];
  const state = createTableState(wanted, { quantiles: quantiles.length > 0 });
  const spec = request.partitionBy;
  const partColumns = partitionColumns(spec);
  requireColumns(info, partColumns, source.name);
  const partitions = new Map<string, TableState>();
  const total = await progressTotal(source, request);
  // Conditions counted in the same pass: their columns are decoded once for both.
  const counter = request.conditions
    ? plainCounts(source.name, request.conditions, new Set(info.map((c) => c.name)))
    : null;
  const scanColumns = scanColumnNames([
    ...wanted.map((c) => c.name),
    ...partColumns,
    ...(counter?.columns ?? []),
  ]);
  for await (const batch of source.scan({ columns: scanColumns })) {
    request.signal?.throwIfAborted();
    updateTableState(state, batch.data);
    counter?.add(batch.data);
    addSource(state, batch.source.path);
    if (spec) {
      const groups = groupRows(batchPartitions(batch.data, spec));
      for (const [key, sel] of groups) {
        let part = partitions.get(key);
        if (part === undefined) {
          if (partitions.size >= maxPartitions) {
            throw new Error(
              `more than ${maxPartitions} partitions in ${source.name}; use a coarser partition`,
            );
          }
          part = createTableState(wanted, { distinct: false, quantiles: false });
          partitions.set(key, part);
        }
        updateTableState(part, batch.data, sel);
        addSource(part, batch.source.path);
      }
    }
    reportProgress(request, state.rows, total, source.name);
  }
  const result: ProfileResult = { profile: finalizeTableState(state, quantiles) };
  if (counter !== null) result.counts = counter.result(state.rows);
  if (source.partial) result.partial = true;
  if (spec) {
    const out: Record<string, TableProfile> = {};
    for (const key of [...partitions.keys()].sort())
      out[key] = finalizeTableState(partitions.get(key) as TableState);
    result.partitions = out;
  }
  return result;
}
