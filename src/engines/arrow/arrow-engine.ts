/**
 * The in-memory / streaming Arrow engine: scans a TableSource batch by batch and computes everything
 * with typed-array loops. Works for any source a reader can stream (notebook tables, Parquet, FITS, CSV…).
 */
import type { RecordBatch } from "apache-arrow";
import type { SampleRow } from "../../core/results.js";
import type { ColumnInfo, TableSource } from "../../io/table.js";
import {
  addSource,
  createTableState,
  finalizeTableState,
  type TableState,
  updateTableState,
} from "../../metrics/table-state.js";
import type { TableProfile } from "../../metrics/types.js";
import { type Condition, conditionColumns } from "../condition.js";
import {
  commonKind,
  countMissing,
  duplicateRuns,
  type KeyArray,
  KeyBuffer,
  sortedHas,
  sortedHasInt64,
} from "../keys.js";
import { DEFAULT_SAMPLE_SIZE, sampleRow } from "../sample.js";
import type {
  ConditionCount,
  CountRequest,
  DuplicateKeyOptions,
  Engine,
  KeyCheckResult,
  ProfileRequest,
  ProfileResult,
  Progress,
  ScanRequestOptions,
} from "../types.js";
import { type ColumnChunk, columnChunk, isValid, valueAt } from "./columns.js";
import { evaluateCondition } from "./evaluate.js";
import { groupRows, partitionColumns, partitionKeys } from "./partition.js";

/** Options of the Arrow engine. */
export interface ArrowEngineOptions {
  /** Most partitions a breakdown may hold before the scan stops with an error (bounded memory). */
  maxPartitions?: number;
}

function unique(names: readonly (string | null | undefined)[]): string[] {
  return [...new Set(names.filter((n): n is string => typeof n === "string"))];
}

function requireColumns(info: readonly ColumnInfo[], names: readonly string[], table: string): void {
  const present = new Set(info.map((c) => c.name));
  const missing = names.filter((n) => !present.has(n));
  if (missing.length > 0) throw new Error(`table ${table} has no column ${missing.join(", ")}`);
}

async function progressTotal(source: TableSource, options: ScanRequestOptions): Promise<number | null> {
  if (!options.onProgress) return null;
  try {
    return await source.rowCount();
  } catch {
    return null;
  }
}

function report(options: ScanRequestOptions, done: number, total: number | null, label: string): void {
  const progress: Progress = { done, total, unit: "rows", label };
  options.onProgress?.(progress);
}

/** Appends the keys of one chunk (nulls skipped) to a key buffer. */
function pushKeys(buffer: KeyBuffer, c: ColumnChunk): void {
  const n = c.length;
  if (c.kind === "bigint") {
    const values = c.data.values as BigInt64Array;
    if (c.bitmap === null && values instanceof BigInt64Array) buffer.pushBigInt64Array(values.subarray(0, n));
    else for (let i = 0; i < n; i++) if (isValid(c, i)) buffer.pushBigInt(values[i]);
  } else if (c.kind === "int") {
    const values = c.data.values as ArrayLike<number>;
    for (let i = 0; i < n; i++) if (isValid(c, i)) buffer.pushInteger(values[i]);
  } else if (c.kind === "float") {
    const values = c.data.values as ArrayLike<number>;
    for (let i = 0; i < n; i++) if (isValid(c, i)) buffer.pushNumber(values[i]);
  } else {
    for (let i = 0; i < n; i++) {
      const v = valueAt(c, i);
      if (v !== null) buffer.pushString(String(v));
    }
  }
}

/** Key of row i over several columns (null if any part is null), as one string. */
function compositeKey(chunks: readonly ColumnChunk[], i: number): string | null {
  const parts: string[] = [];
  for (const c of chunks) {
    const v = valueAt(c, i);
    if (v === null) return null;
    parts.push(String(v));
  }
  return JSON.stringify(parts);
}

/** Engine that streams any TableSource batch by batch through typed-array loops (src/engines/README.md). */
export class ArrowEngine implements Engine {
  readonly name = "arrow";
  private readonly maxPartitions: number;

  constructor(options: ArrowEngineOptions = {}) {
    this.maxPartitions = options.maxPartitions ?? 100_000;
  }

  supports(_source: TableSource): boolean {
    return true;
  }

  async profile(source: TableSource, request: ProfileRequest = {}): Promise<ProfileResult> {
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
    const scanColumns = unique([...wanted.map((c) => c.name), ...partColumns]);
    for await (const batch of source.scan({ columns: scanColumns })) {
      request.signal?.throwIfAborted();
      updateTableState(state, batch.data);
      addSource(state, batch.source.path);
      if (spec) {
        const groups = groupRows(partitionKeys(batch.data, spec));
        for (const [key, sel] of groups) {
          let part = partitions.get(key);
          if (part === undefined) {
            if (partitions.size >= this.maxPartitions) {
              throw new Error(
                `more than ${this.maxPartitions} partitions in ${source.name}; use a coarser partition`,
              );
            }
            part = createTableState(wanted, { distinct: false, quantiles: false });
            partitions.set(key, part);
          }
          updateTableState(part, batch.data, sel);
          addSource(part, batch.source.path);
        }
      }
      report(request, state.rows, total, source.name);
    }
    const result: ProfileResult = { profile: finalizeTableState(state, quantiles) };
    if (spec) {
      const out: Record<string, TableProfile> = {};
      for (const key of [...partitions.keys()].sort())
        out[key] = finalizeTableState(partitions.get(key) as TableState);
      result.partitions = out;
    }
    return result;
  }

  async countWhere(source: TableSource, request: CountRequest): Promise<ConditionCount[]> {
    const info = await source.columns();
    const present = new Set(info.map((c) => c.name));
    const sampleSize = request.sampleSize ?? DEFAULT_SAMPLE_SIZE;
    const keyColumn = request.keyColumn && present.has(request.keyColumn) ? request.keyColumn : null;
    const raColumn = request.raColumn && present.has(request.raColumn) ? request.raColumn : null;
    const decColumn = request.decColumn && present.has(request.decColumn) ? request.decColumn : null;
    const hasPosition = raColumn !== null && decColumn !== null;
    const spec = request.partitionBy;
    const partColumns = partitionColumns(spec);
    requireColumns(info, partColumns, source.name);

    interface Tally {
      out: ConditionCount;
      where: Condition;
      columns: string[];
      valueColumn: string | null;
      partitions: Map<string, number> | null;
    }
    const tallies: Tally[] = request.conditions.map((c) => {
      const columns = conditionColumns(c.where);
      const missing = columns.filter((n) => !present.has(n));
      const out: ConditionCount = { id: c.id, count: 0, total: 0, sample: [] };
      if (missing.length > 0) out.error = `table ${source.name} has no column ${missing.join(", ")}`;
      return {
        out,
        where: c.where,
        columns,
        valueColumn: columns.length === 1 ? columns[0] : null,
        partitions: spec ? new Map() : null,
      };
    });
    const live = () => tallies.filter((t) => t.out.error === undefined);
    const scanColumns = unique([
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
      const keys = spec ? partitionKeys(data, spec) : null;
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
          this.addSamples(t.out.sample, sampleSize, data, mask, batch.rowOffset, {
            keyColumn,
            raColumn,
            decColumn,
            valueColumn: t.valueColumn,
            unit: request.positionUnit,
            hasPosition,
          });
        if (keys !== null && t.partitions !== null) {
          for (let i = 0; i < mask.length; i++) {
            if (mask[i] === 1) t.partitions.set(keys[i], (t.partitions.get(keys[i]) ?? 0) + 1);
          }
        }
      }
      rows += data.numRows;
      report(request, rows, total, source.name);
    }
    for (const t of tallies) {
      if (t.out.error !== undefined) {
        t.out.count = 0;
        t.out.sample = [];
        continue;
      }
      t.out.total = rows;
      if (t.partitions !== null) {
        const out: Record<string, number> = {};
        for (const key of [...t.partitions.keys()].sort()) out[key] = t.partitions.get(key) as number;
        t.out.partitions = out;
      }
    }
    return tallies.map((t) => t.out);
  }

  private addSamples(
    sample: SampleRow[],
    sampleSize: number,
    data: RecordBatch,
    mask: Uint8Array,
    rowOffset: number,
    o: {
      keyColumn: string | null;
      raColumn: string | null;
      decColumn: string | null;
      valueColumn: string | null;
      unit?: "deg" | "rad";
      hasPosition: boolean;
    },
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

  async duplicateKeys(
    source: TableSource,
    keyColumns: readonly string[],
    options: DuplicateKeyOptions = {},
  ): Promise<KeyCheckResult> {
    const info = await source.columns();
    requireColumns(info, keyColumns, source.name);
    const present = new Set(info.map((c) => c.name));
    const raColumn = options.raColumn && present.has(options.raColumn) ? options.raColumn : null;
    const decColumn = options.decColumn && present.has(options.decColumn) ? options.decColumn : null;
    const sampleSize = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
    let capacity = 1024;
    try {
      capacity = Math.max(capacity, await source.rowCount());
    } catch {
      // Unknown size: the buffer grows as needed.
    }
    const buffer = new KeyBuffer(capacity);
    let total = 0;
    for await (const batch of source.scan({ columns: [...keyColumns] })) {
      options.signal?.throwIfAborted();
      if (keyColumns.length === 1) pushKeys(buffer, columnChunk(batch.data, keyColumns[0]));
      else {
        const chunks = keyColumns.map((k) => columnChunk(batch.data, k));
        for (let i = 0; i < batch.data.numRows; i++) {
          const k = compositeKey(chunks, i);
          if (k !== null) buffer.pushString(k);
        }
      }
      total += batch.data.numRows;
      report(options, total, capacity > 1024 ? capacity : null, `${source.name} keys`);
    }
    const { rows, keys } = duplicateRuns(buffer.sorted());
    const sample =
      rows === 0
        ? []
        : await this.keySamples(
            source,
            keyColumns,
            keys,
            true,
            sampleSize,
            raColumn,
            decColumn,
            options.positionUnit ?? null,
          );
    return { failing: rows, total, sample };
  }

  async orphanKeys(
    source: TableSource,
    column: string,
    target: TableSource,
    targetColumn: string,
    options: ScanRequestOptions & { sampleSize?: number; keyColumn?: string | null } = {},
  ): Promise<KeyCheckResult> {
    requireColumns(await source.columns(), [column], source.name);
    requireColumns(await target.columns(), [targetColumn], target.name);
    const sampleSize = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
    let capacity = 1024;
    try {
      capacity = Math.max(capacity, await target.rowCount());
    } catch {
      // Unknown size: the buffer grows as needed.
    }
    const buffer = new KeyBuffer(capacity);
    for await (const batch of target.scan({ columns: [targetColumn] })) {
      options.signal?.throwIfAborted();
      pushKeys(buffer, columnChunk(batch.data, targetColumn));
    }
    let sourceCapacity = 1024;
    try {
      sourceCapacity = Math.max(sourceCapacity, await source.rowCount());
    } catch {
      // Unknown size: the buffer grows as needed.
    }
    // Count by sorting both key sets and walking them once (exact, no hash set).
    const sourceBuffer = new KeyBuffer(sourceCapacity);
    let total = 0;
    for await (const batch of source.scan({ columns: [column] })) {
      options.signal?.throwIfAborted();
      pushKeys(sourceBuffer, columnChunk(batch.data, column));
      total += batch.data.numRows;
      report(options, total, null, `${source.name}.${column}`);
    }
    const [sourceKeys, targetKeys] = commonKind(sourceBuffer.sorted(), buffer.sorted());
    const failing = countMissing(sourceKeys, targetKeys);
    const keyColumn = options.keyColumn ?? null;
    const sample: SampleRow[] = [];
    const wanted = Math.min(sampleSize, failing);
    if (wanted === 0) return { failing, total, sample };
    const targetWords =
      targetKeys instanceof BigInt64Array
        ? new Int32Array(targetKeys.buffer, targetKeys.byteOffset, 2 * targetKeys.length)
        : null;
    for await (const batch of source.scan({ columns: unique([column, keyColumn]) })) {
      const c = columnChunk(batch.data, column);
      const key = keyColumn ? columnChunk(batch.data, keyColumn) : null;
      const raw = c.kind === "bigint" && targetWords !== null ? (c.data.values as BigInt64Array) : null;
      const words = raw ? new Int32Array(raw.buffer, raw.byteOffset, 2 * c.length) : null;
      for (let i = 0; i < c.length && sample.length < wanted; i++) {
        if (!isValid(c, i)) continue;
        if (words !== null && targetWords !== null) {
          if (sortedHasInt64(targetWords, words[2 * i], words[2 * i + 1])) continue;
        } else {
          const v = valueAt(c, i) as number | bigint | string;
          if (sortedHas(targetKeys, Array.isArray(targetKeys) ? String(v) : v)) continue;
        }
        sample.push(
          sampleRow(batch.rowOffset + i, key ? valueAt(key, i) : null, null, null, valueAt(c, i), {
            hasKey: key !== null,
            hasPosition: false,
            hasValue: true,
          }),
        );
      }
      if (sample.length >= wanted) break;
    }
    return { failing, total, sample };
  }

  /** Second pass for samples: the first rows (table order) whose key is among `keys`. */
  private async keySamples(
    source: TableSource,
    keyColumns: readonly string[],
    keys: KeyArray,
    wantPresent: boolean,
    sampleSize: number,
    raColumn: string | null,
    decColumn: string | null,
    unit: "deg" | "rad" | null,
  ): Promise<SampleRow[]> {
    const sample: SampleRow[] = [];
    const hasPosition = raColumn !== null && decColumn !== null;
    const columns = unique([...keyColumns, raColumn, decColumn]);
    for await (const batch of source.scan({ columns })) {
      const chunks = keyColumns.map((k) => columnChunk(batch.data, k));
      const ra = hasPosition ? columnChunk(batch.data, raColumn as string) : null;
      const dec = hasPosition ? columnChunk(batch.data, decColumn as string) : null;
      for (let i = 0; i < batch.data.numRows; i++) {
        const k = chunks.length === 1 ? valueAt(chunks[0], i) : compositeKey(chunks, i);
        if (k === null) continue;
        if (sortedHas(keys, k as number | bigint | string) !== wantPresent) continue;
        sample.push(
          sampleRow(
            batch.rowOffset + i,
            chunks.length === 1 ? k : (JSON.parse(k as string) as string[]).join("|"),
            ra ? valueAt(ra, i) : null,
            dec ? valueAt(dec, i) : null,
            null,
            {
              hasKey: true,
              hasPosition,
              hasValue: false,
              unit: unit ?? "deg",
            },
          ),
        );
        if (sample.length >= sampleSize) return sample;
      }
    }
    return sample;
  }
}
