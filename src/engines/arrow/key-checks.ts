/**
 * Exact key checks on streamed columns: keys go into a sorted typed buffer (keys.ts), duplicates are the runs
 * after one native sort, orphans the source keys a sort-merge walk does not find in the target. Samples come
 * from a second pass in table order.
 */
import type { SampleRow } from "../../core/results.js";
import type { TableSource } from "../../io/table.js";
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
import type { DuplicateKeyOptions, KeyCheckResult, ScanRequestOptions } from "../types.js";
import { type ColumnChunk, columnChunk, isValid, valueAt } from "./columns.js";
import { reportProgress, requireColumns, scanColumnNames } from "./scan.js";

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

/** Rows a source holds, as a buffer capacity (at least 1024); unknown sizes let the buffer grow. */
async function capacityOf(source: TableSource): Promise<number> {
  try {
    return Math.max(1024, await source.rowCount());
  } catch {
    return 1024;
  }
}

/** The Arrow engine's `duplicateKeys` (see Engine.duplicateKeys). */
export async function duplicateKeyRows(
  source: TableSource,
  keyColumns: readonly string[],
  options: DuplicateKeyOptions,
): Promise<KeyCheckResult> {
  const info = await source.columns();
  requireColumns(info, keyColumns, source.name);
  const present = new Set(info.map((c) => c.name));
  const raColumn = options.raColumn && present.has(options.raColumn) ? options.raColumn : null;
  const decColumn = options.decColumn && present.has(options.decColumn) ? options.decColumn : null;
  const sampleSize = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  const capacity = await capacityOf(source);
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
    reportProgress(options, total, capacity > 1024 ? capacity : null, `${source.name} keys`);
  }
  const { rows, keys } = duplicateRuns(buffer.sorted());
  const sample =
    rows === 0
      ? []
      : await keySamples(
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

/** The Arrow engine's `orphanKeys` (see Engine.orphanKeys). */
export async function orphanKeyRows(
  source: TableSource,
  column: string,
  target: TableSource,
  targetColumn: string,
  options: ScanRequestOptions & { sampleSize?: number; keyColumn?: string | null },
): Promise<KeyCheckResult> {
  requireColumns(await source.columns(), [column], source.name);
  requireColumns(await target.columns(), [targetColumn], target.name);
  const sampleSize = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  const buffer = new KeyBuffer(await capacityOf(target));
  for await (const batch of target.scan({ columns: [targetColumn] })) {
    options.signal?.throwIfAborted();
    pushKeys(buffer, columnChunk(batch.data, targetColumn));
  }
  // Count by sorting both key sets and walking them once (exact, no hash set).
  const sourceBuffer = new KeyBuffer(await capacityOf(source));
  let total = 0;
  for await (const batch of source.scan({ columns: [column] })) {
    options.signal?.throwIfAborted();
    pushKeys(sourceBuffer, columnChunk(batch.data, column));
    total += batch.data.numRows;
    reportProgress(options, total, null, `${source.name}.${column}`);
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
  for await (const batch of source.scan({ columns: scanColumnNames([column, keyColumn]) })) {
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
async function keySamples(
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
  const columns = scanColumnNames([...keyColumns, raColumn, decColumn]);
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

/**
 * Orphans of a key over several columns (a felis foreign key such as (visit, detector) → CcdVisit): rows whose
 * key, all parts non-null, is absent from the target's columns. Parts compare as text, so an int32 visit meets an
 * int64 one. Exact: both key sets sorted and walked once.
 * @example
 * (await orphanKeyTuples(source, ["tract", "patch"], source, ["tract", "patch"], {})).failing // 0
 */
export async function orphanKeyTuples(
  source: TableSource,
  columns: readonly string[],
  target: TableSource,
  targetColumns: readonly string[],
  options: ScanRequestOptions & { sampleSize?: number; keyColumn?: string | null },
): Promise<KeyCheckResult> {
  requireColumns(await source.columns(), [...columns], source.name);
  requireColumns(await target.columns(), [...targetColumns], target.name);
  const collect = async (from: TableSource, names: readonly string[]): Promise<string[]> => {
    const keys: string[] = [];
    for await (const batch of from.scan({ columns: [...names] })) {
      options.signal?.throwIfAborted();
      const chunks = names.map((n) => columnChunk(batch.data, n));
      for (let i = 0; i < batch.data.numRows; i++) {
        const k = compositeKey(chunks, i);
        if (k !== null) keys.push(k);
      }
    }
    return keys.sort();
  };
  const targetKeys = await collect(target, targetColumns);
  const sourceKeys = await collect(source, columns);
  const failing = countMissing(sourceKeys, targetKeys);
  const total = await source.rowCount();
  const sample: SampleRow[] = [];
  const wanted = Math.min(options.sampleSize ?? DEFAULT_SAMPLE_SIZE, failing);
  const keyColumn = options.keyColumn ?? null;
  if (wanted > 0) {
    for await (const batch of source.scan({ columns: scanColumnNames([...columns, keyColumn]) })) {
      const chunks = columns.map((n) => columnChunk(batch.data, n));
      const key = keyColumn ? columnChunk(batch.data, keyColumn) : null;
      for (let i = 0; i < batch.data.numRows && sample.length < wanted; i++) {
        const k = compositeKey(chunks, i);
        if (k === null || sortedHas(targetKeys, k)) continue;
        const value = (JSON.parse(k) as string[]).join("|");
        sample.push(
          sampleRow(batch.rowOffset + i, key ? valueAt(key, i) : null, null, null, value, {
            hasKey: key !== null,
            hasPosition: false,
            hasValue: true,
          }),
        );
      }
      if (sample.length >= wanted) break;
    }
  }
  return { failing, total, sample };
}
