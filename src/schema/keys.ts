/** felis keys: primary key, foreign-key / unique / check constraints and indexes, `@id` references resolved. */

import type { IdMap } from "./columns.js";
import type {
  FelisCheckConstraint,
  FelisForeignKey,
  FelisIndex,
  FelisTable,
  FelisUniqueConstraint,
} from "./felis.js";
import { type Dict, isDict, optionalString, type YamlDoc, type YamlPath } from "./yaml-doc.js";

/**
 * Second pass, once every table's columns are known: primary key, constraints, indexes (`@id`s → names).
 * @example
 * const { doc, data } = parseYaml("tables:\n- name: T\n  primaryKey: '#T.id'\n  columns:\n  - name: id\n    datatype: long\n", "t.yaml");
 * const raw = (data as { tables: Dict[] }).tables[0];
 * const ids: IdMap = new Map();
 * const table = readTable(doc, raw, 0, {}, ids);
 * readKeys(doc, raw, 0, table, ids);
 * table.primaryKey; // ["id"]
 */
export function readKeys(ctx: YamlDoc, raw: Dict, i: number, table: FelisTable, ids: IdMap): void {
  const at: YamlPath = ["tables", i];
  const local = (ref: unknown, where: YamlPath, what: string): string => {
    const target = typeof ref === "string" ? ids.get(ref) : undefined;
    if (!target?.column)
      ctx.fail(where, `table "${table.name}": ${what} ${JSON.stringify(ref)} is not a column @id`);
    if (target.table !== table.name) {
      ctx.fail(
        where,
        `table "${table.name}": ${what} ${JSON.stringify(ref)} is a column of table "${target.table}"`,
      );
    }
    return target.column;
  };
  const list = (value: unknown, where: YamlPath, what: string): unknown[] => {
    if (typeof value === "string") return [value];
    if (!Array.isArray(value) || value.length === 0)
      ctx.fail(where, `table "${table.name}": ${what} must be a non-empty list`);
    return value;
  };

  if (raw.primaryKey !== undefined && raw.primaryKey !== null) {
    const pkAt = [...at, "primaryKey"];
    table.primaryKey = list(raw.primaryKey, pkAt, "primaryKey").map((ref, k) =>
      local(ref, typeof raw.primaryKey === "string" ? pkAt : [...pkAt, k], "primaryKey"),
    );
    for (const column of table.columns) {
      if (table.primaryKey.includes(column.name)) {
        column.primaryKey = true;
        column.nullable = false;
      }
    }
  }

  const constraints = raw.constraints ?? [];
  if (!Array.isArray(constraints))
    ctx.fail([...at, "constraints"], `table "${table.name}": \`constraints\` must be a list`);
  constraints.forEach((c: unknown, k: number) => {
    const cAt = [...at, "constraints", k];
    if (!isDict(c)) ctx.fail(cAt, `table "${table.name}": constraint #${k + 1} is not a mapping`);
    const name = ctx.string(c, cAt, "name", true, `table "${table.name}", constraint #${k + 1}: `);
    const base = {
      name,
      id: optionalString(c["@id"]) ?? `#${name}`,
      description: optionalString(c.description),
    };
    const type = c["@type"];
    const columnsOf = (key: string) =>
      list(c[key], [...cAt, key], `constraint "${name}" ${key}`).map((ref, m) =>
        local(ref, [...cAt, key, m], `constraint "${name}" column`),
      );
    if (type === "ForeignKey") {
      const columns = columnsOf("columns");
      const refs = list(
        c.referencedColumns,
        [...cAt, "referencedColumns"],
        `constraint "${name}" referencedColumns`,
      );
      if (refs.length !== columns.length) {
        ctx.fail(
          cAt,
          `table "${table.name}": constraint "${name}" has ${columns.length} columns but ${refs.length} referencedColumns`,
        );
      }
      const targets = refs.map((ref, m) => {
        const target = typeof ref === "string" ? ids.get(ref) : undefined;
        if (!target?.column) {
          ctx.fail(
            [...cAt, "referencedColumns", m],
            `table "${table.name}": constraint "${name}" references ${JSON.stringify(ref)}, which is not a column @id`,
          );
        }
        return { table: target.table, column: target.column };
      });
      if (new Set(targets.map((t) => t.table)).size !== 1) {
        ctx.fail(
          [...cAt, "referencedColumns"],
          `table "${table.name}": constraint "${name}" references columns of several tables`,
        );
      }
      const fk: FelisForeignKey = {
        ...base,
        table: table.name,
        columns,
        referencedTable: targets[0].table,
        referencedColumns: targets.map((t) => t.column),
      };
      table.foreignKeys.push(fk);
    } else if (type === "Unique") {
      const unique: FelisUniqueConstraint = { ...base, columns: columnsOf("columns") };
      table.uniqueConstraints.push(unique);
    } else if (type === "Check") {
      const expression = ctx.string(
        c,
        cAt,
        "expression",
        true,
        `table "${table.name}", constraint "${name}": `,
      );
      const check: FelisCheckConstraint = { ...base, expression };
      table.checkConstraints.push(check);
    } else {
      ctx.fail(
        [...cAt, "@type"],
        `table "${table.name}": constraint "${name}" has unknown @type ${JSON.stringify(type)}`,
      );
    }
  });

  const indexes = raw.indexes ?? [];
  if (!Array.isArray(indexes))
    ctx.fail([...at, "indexes"], `table "${table.name}": \`indexes\` must be a list`);
  indexes.forEach((x: unknown, k: number) => {
    const xAt = [...at, "indexes", k];
    if (!isDict(x)) ctx.fail(xAt, `table "${table.name}": index #${k + 1} is not a mapping`);
    const name = ctx.string(x, xAt, "name", true, `table "${table.name}", index #${k + 1}: `);
    const hasColumns = x.columns !== undefined;
    const hasExpressions = x.expressions !== undefined;
    if (hasColumns === hasExpressions) {
      ctx.fail(xAt, `table "${table.name}": index "${name}" needs either \`columns\` or \`expressions\``);
    }
    const index: FelisIndex = {
      name,
      id: optionalString(x["@id"]) ?? `#${name}`,
      description: optionalString(x.description),
    };
    if (hasColumns) {
      index.columns = list(x.columns, [...xAt, "columns"], `index "${name}" columns`).map((ref, m) =>
        local(ref, [...xAt, "columns", m], `index "${name}" column`),
      );
    } else {
      index.expressions = list(x.expressions, [...xAt, "expressions"], `index "${name}" expressions`).map(
        String,
      );
    }
    table.indexes.push(index);
  });
}
