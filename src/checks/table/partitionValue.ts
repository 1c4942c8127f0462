/**
 * Hive partition folders against the file's own columns. A column present in the file always wins over a folder
 * name (`…/dec=10/part.parquet` keeps the file's `dec`); a row whose value disagrees with its folder's value is a
 * finding, `TABLE.COLUMN.partitionValue`, counted and sampled on whatever engine runs the table.
 */

import { InputError } from "../../core/errors.js";
import type { CheckResult, SampleRow } from "../../core/results.js";
import type { Condition, Literal } from "../../engines/condition.js";
import type { Engine } from "../../engines/types.js";
import { openTable } from "../../io/open.js";
import type { ColumnInfo, PhysicalType, SourceInfo, TableSource } from "../../io/table.js";
import { errorResult, makeResult } from "../result.js";

const SAMPLE_SIZE = 20;

/** A source that knows its files' Hive partitions (file tables do; in-memory and TAP tables have none). */
interface PartitionedSource extends TableSource {
  sources(): Promise<SourceInfo[]>;
}

function hasSources(source: TableSource): source is PartitionedSource {
  return typeof (source as Partial<PartitionedSource>).sources === "function";
}

/**
 * The condition "this row's value is not the folder's value" for a column type, or null when the folder value
 * cannot be compared with that type (then every present value disagrees).
 * @example
 * disagreesWith("dec", "float64", "10") // { op: "ne", column: "dec", value: 10 }
 */
export function disagreesWith(column: string, type: PhysicalType, folder: string): Condition | null {
  const number = Number(folder);
  let value: Literal | undefined;
  if (type === "string") value = folder;
  else if (type === "bool") value = folder === "true" ? true : folder === "false" ? false : undefined;
  else if (/^(u?int64)$/.test(type))
    value = /^[-+]?\d+$/.test(folder.trim()) ? BigInt(folder.trim()) : undefined;
  else if (/^(u?int|float)/.test(type))
    value = folder.trim() !== "" && Number.isFinite(number) ? number : undefined;
  else return null;
  if (value === undefined) return { op: "not", arg: { op: "isNull", column } };
  return { op: "ne", column, value };
}

/**
 * One result per Hive key that is also a file column: fails with the rows whose value disagrees with their
 * folder (`sample.row` is the row index in the whole table). No result when no folder name collides.
 * @example
 * // `tract=1/patch=9/p.parquet` holding rows with patch 4 gives [{ id: "T.patch.partitionValue", status: "fail", … }];
 * // the pilot Object table is one file, without Hive folders:
 * await partitionValueResults("Object", source, columns, new ArrowEngine()) // []
 */
export async function partitionValueResults(
  table: string,
  source: TableSource,
  columns: readonly ColumnInfo[],
  engine: Engine,
): Promise<CheckResult[]> {
  if (!hasSources(source)) return [];
  const infos = await source.sources();
  const types = new Map(columns.map((c) => [c.name, c.type]));
  const offsets: number[] = [];
  let offset = 0;
  for (const info of infos) {
    offsets.push(offset);
    offset += info.rows;
  }
  const keys = new Set(infos.flatMap((i) => Object.keys(i.partition ?? {})).filter((k) => types.has(k)));
  const out: CheckResult[] = [];
  for (const key of keys) {
    const type = types.get(key) as PhysicalType;
    // Files grouped by their folder value: one engine pass per distinct value.
    const groups = new Map<string, number[]>();
    infos.forEach((info, i) => {
      const value = info.partition?.[key];
      if (value === undefined) return;
      groups.set(value, [...(groups.get(value) ?? []), i]);
    });
    let failing = 0;
    let total = 0;
    const sample: SampleRow[] = [];
    const values: string[] = [];
    try {
      for (const [value, members] of groups) {
        const where = disagreesWith(key, type, value);
        const rows = members.reduce((sum, i) => sum + (infos[i] as SourceInfo).rows, 0);
        total += rows;
        if (where === null || rows === 0) continue;
        const group = await openTable(
          table,
          members.map((i) => (infos[i] as SourceInfo).path),
        );
        const [count] = await engine.countWhere(group, {
          conditions: [{ id: "0", where }],
          sampleSize: SAMPLE_SIZE,
          keyColumn: null,
        });
        if (count === undefined) continue;
        if (count.error !== undefined) throw new Error(count.error);
        if (count.count === 0) continue;
        failing += count.count;
        values.push(`${key}=${value}`);
        for (const s of count.sample) sample.push({ ...s, row: tableRow(s.row, members, infos, offsets) });
      }
    } catch (error) {
      if (error instanceof InputError) throw error;
      out.push(errorResult(table, key, "partitionValue", error));
      continue;
    }
    sample.sort((a, b) => a.row - b.row);
    const message =
      failing > 0
        ? `${failing} of ${total} rows hold a ${key} other than their folder's (${values.slice(0, 3).join(", ")}${values.length > 3 ? ", …" : ""}); the file's values are used`
        : `every ${key} agrees with its folder name (${total} rows)`;
    const result = makeResult(
      table,
      key,
      "partitionValue",
      failing > 0 ? "fail" : "pass",
      failing,
      total,
      message,
    );
    result.sample = sample.slice(0, SAMPLE_SIZE);
    out.push(result);
  }
  return out;
}

/** A row index within a group of files, turned into the index in the whole table. */
function tableRow(
  row: number,
  members: readonly number[],
  infos: readonly SourceInfo[],
  offsets: readonly number[],
): number {
  let start = 0;
  for (const i of members) {
    const rows = (infos[i] as SourceInfo).rows;
    if (row < start + rows) return (offsets[i] as number) + row - start;
    start += rows;
  }
  return row;
}
