/**
 * The felis data model as skygate uses it: plain, JSON-serialisable objects, references already resolved
 * (column `@id`s turned into table/column names, `columnRefs` copied in from their resource schema).
 */

/** The datatypes felis defines (felis `DataType` enum). */
export const FELIS_DATATYPES = [
  "boolean",
  "byte",
  "short",
  "int",
  "long",
  "float",
  "double",
  "char",
  "string",
  "unicode",
  "text",
  "binary",
  "timestamp",
] as const;

/** One felis column datatype. */
export type FelisDatatype = (typeof FELIS_DATATYPES)[number];

/** One column of a felis table. */
export interface FelisColumn {
  name: string;
  /** felis `@id` (generated as `#Table.column` when the YAML has none, as felis does). */
  id: string;
  datatype: FelisDatatype;
  /** Declared length (felis requires it for char, string, unicode and binary). */
  length?: number;
  /** Fractional-second digits of a timestamp. */
  precision?: number;
  /**
   * Whether nulls are allowed. felis default `true`; `false` when declared so or when the column is part of
   * the primary key (a SQL primary key is always NOT NULL, and felis builds tables through SQLAlchemy).
   */
  nullable: boolean;
  /** `nullable` exactly as written in the YAML, if written. */
  nullableDeclared?: boolean;
  /** Whether this column is part of the table's primary key. */
  primaryKey: boolean;
  /** Unit from `fits:tunit` or `ivoa:unit` (felis allows only one); absent when empty. */
  unit?: string;
  /** `ivoa:ucd`. */
  ucd?: string;
  description?: string;
  /** `votable:arraysize`, with felis's default (`char(n)` → "n", `string(n)` → "n*", text/timestamp → "*"). */
  arraysize?: string;
  /** `votable:xtype` (felis defaults it to "timestamp" for timestamp columns). */
  xtype?: string;
  utype?: string;
  /** Default value (`value`). */
  value?: string | number | boolean;
  autoincrement?: boolean;
  tapPrincipal?: boolean;
  tapColumnIndex?: number;
  /** Where the definition came from when pulled in through `columnRefs` (`resource`, table, column name). */
  ref?: { resource: string; table: string; column: string };
  /** Every `prefix:key` annotation as written (tap:*, votable:*, mysql:*, lsst:* …). */
  annotations: Record<string, unknown>;
}

/** A foreign key: `columns` of this table refer to `referencedColumns` of `referencedTable`. */
export interface FelisForeignKey {
  name: string;
  id: string;
  description?: string;
  table: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
}

/** A UNIQUE constraint over some columns. */
export interface FelisUniqueConstraint {
  name: string;
  id: string;
  description?: string;
  columns: string[];
}

/** A CHECK constraint (kept as text; skygate does not evaluate SQL). */
export interface FelisCheckConstraint {
  name: string;
  id: string;
  description?: string;
  expression: string;
}

/** A database index: on columns, or on SQL expressions. */
export interface FelisIndex {
  name: string;
  id: string;
  description?: string;
  columns?: string[];
  expressions?: string[];
}

/** One table of a felis schema. */
export interface FelisTable {
  name: string;
  id: string;
  description?: string;
  /** Direct columns first, then those pulled in through `columnRefs` (felis appends them in that order). */
  columns: FelisColumn[];
  /** Primary-key column names (empty when the table declares none). */
  primaryKey: string[];
  foreignKeys: FelisForeignKey[];
  uniqueConstraints: FelisUniqueConstraint[];
  checkConstraints: FelisCheckConstraint[];
  indexes: FelisIndex[];
  tapTableIndex?: number;
}

/** A loaded felis schema. */
export interface FelisSchema {
  name: string;
  id: string;
  description?: string;
  version?: string;
  /** File it was read from (absolute when loaded with `loadFelis`). */
  path: string;
  /** Resource name → resolved path of every schema it references. */
  resources: Record<string, string>;
  tables: FelisTable[];
}
