/**
 * Condition counts in one streaming pass: each condition becomes a byte mask per batch (evaluate.ts), whose
 * sum is its count; the first matching rows make its sample, and the partition and each breakdown tally the matches
 * per group.
 * A condition that cannot apply (absent column, wrong type) gets an error and never stops the others.
 */
import type { RecordBatch } from "apache-arrow";
import type { SampleRow } from "../../core/results.js";
import type { TableSource } from "../../io/table.js";
import { type Condition, conditionColumns } from "../condition.js";
import { DEFAULT_SAMPLE_SIZE, sampleRow } from "../sample.js";
import type { ConditionCount, ConditionRequest, CountRequest } from "../types.js";
import { columnChunk, valueAt } from "./columns.js";
import { evaluateCondition } from "./evaluate.js";
import { partitionColumns } from "./partition.js";
import {
  type BatchPartitions,
  batchPartitions,
  type PartitionTally,
  partitionTally,
} from "./partition-tally.js";
import { progressTotal, reportProgress, requireColumns, scanColumnNames } from "./scan.js";

interface Tally {
  out: ConditionCount;
  where: Condition;
  columns: string[];
  valueColumn: string | null;
  partitions: PartitionTally | null;
  breakdowns: PartitionTally[];
}

interface SampleColumns {
  keyColumn: string | null;
  raColumn: string | null;
  decColumn: string | null;
  valueColumn: string | null;
  unit?: "deg" | "rad";
  hasPosition: boolean;
}

/** The Arrow engine's `countWhere` (see Engine.countWhere). */
export async function countConditions(source: TableSource, request: CountRequest): Promise<ConditionCount[]> {
  const info = await source.columns();
  const present = new Set(info.map((c) => c.name));
  const sampleSize = request.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  const keyColumn = request.keyColumn && present.has(request.keyColumn) ? request.keyColumn : null;
  const raColumn = request.raColumn && present.has(request.raColumn) ? request.raColumn : null;
  const decColumn = request.decColumn && present.has(request.decColumn) ? request.decColumn : null;
  const hasPosition = raColumn !== null && decColumn !== null;
  const spec = request.partitionBy;
  const breakdowns = request.breakdowns ?? [];
  const partColumns = [spec, ...breakdowns].flatMap((s) => partitionColumns(s));
  requireColumns(info, partColumns, source.name);

  const tallies: Tally[] = request.conditions.map((c) => {
    const { out, columns } = startCount(source.name, c, present);
    return {
      out,
      where: c.where,
      columns,
      valueColumn: columns.length === 1 ? columns[0] : null,
      partitions: spec ? partitionTally(spec) : null,
      breakdowns: breakdowns.map(partitionTally),
    };
  });
  const live = () => tallies.filter((t) => t.out.error === undefined);
  const scanColumns = scanColumnNames([
    ...live().flatMap((t) => t.columns),
    keyColumn,
    raColumn,
    decColumn,
    ...partColumns,
  ]);
  const total = await progressTotal(source, request);
  let rows = 0;
  for await (const batch of source.scan({ columns: scanColumns })) {
    request.signal?.throwIfAborted();
    const data = batch.data;
    const parts = spec ? batchPartitions(data, spec) : null;
    const breakdownParts = breakdowns.map((s) => batchPartitions(data, s));
    for (const t of live()) {
      let mask: Uint8Array;
      try {
        mask = evaluateCondition(data, t.where);
      } catch (error) {
        t.out.error = (error as Error).message;
        continue;
      }
      let count = 0;
      for (let i = 0; i < mask.length; i++) count += mask[i];
      t.out.count += count;
      t.out.total += data.numRows;
      if (count === 0) continue;
      if (t.out.sample.length < sampleSize)
        addSamples(t.out.sample, sampleSize, data, mask, batch.rowOffset, {
          keyColumn,
          raColumn,
          decColumn,
          valueColumn: t.valueColumn,
          unit: request.positionUnit,
          hasPosition,
        });
      if (parts !== null && t.partitions !== null) t.partitions.add(parts, mask);
      t.breakdowns.forEach((tally, j) => {
        tally.add(breakdownParts[j] as BatchPartitions, mask);
      });
    }
    rows += data.numRows;
    reportProgress(request, rows, total, source.name);
  }
  for (const t of tallies) {
    if (t.out.error !== undefined) {
      t.out.count = 0;
      t.out.sample = [];
      continue;
    }
    t.out.total = rows;
    if (t.partitions !== null) t.out.partitions = t.partitions.result();
    if (request.breakdowns !== undefined) t.out.breakdowns = t.breakdowns.map((tally) => tally.result());
  }
  return tallies.map((t) => t.out);
}

/**
 * Plain counts of conditions (count and total: no sample or partitions) kept beside another pass over the same
 * batches, as the profile's fused counts. A condition with an absent column or one that cannot apply gets an error.
 * @example
 * const counter = plainCounts("T", [{ id: "a", where: { op: "isNaN", column: "x" } }], new Set(["x"]));
 * counter.add(tableFromArrays({ x: Float64Array.of(1, Number.NaN) }).batches[0]);
 * counter.result(2)[0].count; // 1
 */
export function plainCounts(
  table: string,
  conditions: readonly ConditionRequest[],
  present: ReadonlySet<string>,
): { columns: string[]; add: (data: RecordBatch) => void; result: (rows: number) => ConditionCount[] } {
  const counts = conditions.map((c) => ({ ...startCount(table, c, present), where: c.where }));
  return {
    columns: counts.filter((c) => c.out.error === undefined).flatMap((c) => c.columns),
    add(data) {
      for (const c of counts) {
        if (c.out.error !== undefined) continue;
        try {
          const mask = evaluateCondition(data, c.where);
          let n = 0;
          for (let i = 0; i < mask.length; i++) n += mask[i];
          c.out.count += n;
        } catch (error) {
          c.out.error = (error as Error).message;
        }
      }
    },
    result(rows) {
      // as countWhere answers: a condition that could not apply counts nothing of nothing
      for (const c of counts) {
        const failed = c.out.error !== undefined;
        c.out.count = failed ? 0 : c.out.count;
        c.out.total = failed ? 0 : rows;
      }
      return counts.map((c) => c.out);
    },
  };
}

/** A condition's empty answer and the columns it reads; an error when one of them is not in the table. */
function startCount(
  table: string,
  condition: ConditionRequest,
  present: ReadonlySet<string>,
): { out: ConditionCount; columns: string[] } {
  const out: ConditionCount = { id: condition.id, count: 0, total: 0, sample: [] };
  const columns = conditionColumns(condition.where);
  const missing = columns.filter((n) => !present.has(n));
  if (missing.length > 0) out.error = `table ${table} has no column ${missing.join(", ")}`;
  return { out, columns };
}

/** Appends the first rows set in `mask` to `sample`, up to `sampleSize`. */
function addSamples(
  sample: SampleRow[],
  sampleSize: number,
  data: RecordBatch,
  mask: Uint8Array,
  rowOffset: number,
  o: SampleColumns,
): void {
  const key = o.keyColumn ? columnChunk(data, o.keyColumn) : null;
  const ra = o.hasPosition ? columnChunk(data, o.raColumn as string) : null;
  const dec = o.hasPosition ? columnChunk(data, o.decColumn as string) : null;
  const value = o.valueColumn ? columnChunk(data, o.valueColumn) : null;
  for (let i = 0; i < mask.length && sample.length < sampleSize; i++) {
    if (mask[i] === 0) continue;
    sample.push(
      sampleRow(
        rowOffset + i,
        key ? valueAt(key, i) : null,
        ra ? valueAt(ra, i) : null,
        dec ? valueAt(dec, i) : null,
        value ? valueAt(value, i) : null,
        { hasKey: key !== null, hasPosition: o.hasPosition, hasValue: value !== null, unit: o.unit },
      ),
    );
  }
}
