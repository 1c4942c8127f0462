/**
 * DP0.2 relations between tables, used when a felis schema does not declare them as foreign keys
 * (from the DP0.2 ER diagram in sdm_schemas `docs/dp02_dc2.mmd` and the DP0.2 table descriptions).
 */
import type { ForeignKeySpec } from "./types.js";

/** A foreign key from table `from`, for schemas that do not declare it. */
export interface Relation extends ForeignKeySpec {
  from: string;
}

/** `from.columns → table.referencedColumns`, one column each. */
export const DP02_RELATIONS: readonly Relation[] = [
  { from: "ForcedSource", columns: ["objectId"], table: "Object", referencedColumns: ["objectId"] },
  { from: "ForcedSource", columns: ["ccdVisitId"], table: "CcdVisit", referencedColumns: ["ccdVisitId"] },
  { from: "Source", columns: ["ccdVisitId"], table: "CcdVisit", referencedColumns: ["ccdVisitId"] },
  { from: "Source", columns: ["visit"], table: "Visit", referencedColumns: ["visit"] },
  { from: "CcdVisit", columns: ["visitId"], table: "Visit", referencedColumns: ["visit"] },
  { from: "DiaSource", columns: ["diaObjectId"], table: "DiaObject", referencedColumns: ["diaObjectId"] },
  { from: "DiaSource", columns: ["ccdVisitId"], table: "CcdVisit", referencedColumns: ["ccdVisitId"] },
  // APDB: forced photometry is measured on known DiaObjects (apdb.yaml declares no foreign key for it).
  {
    from: "DiaForcedSource",
    columns: ["diaObjectId"],
    table: "DiaObject",
    referencedColumns: ["diaObjectId"],
  },
  {
    from: "ForcedSourceOnDiaObject",
    columns: ["diaObjectId"],
    table: "DiaObject",
    referencedColumns: ["diaObjectId"],
  },
  {
    from: "ForcedSourceOnDiaObject",
    columns: ["ccdVisitId"],
    table: "CcdVisit",
    referencedColumns: ["ccdVisitId"],
  },
  { from: "MatchesTruth", columns: ["match_objectId"], table: "Object", referencedColumns: ["objectId"] },
  {
    from: "MatchesTruth",
    columns: ["id_truth_type"],
    table: "TruthSummary",
    referencedColumns: ["id_truth_type"],
  },
];

/**
 * Built-in relations of a table, for foreign keys its schema does not declare.
 * @example
 * builtinRelations("ForcedSource").map((r) => r.table) // ["Object", "CcdVisit"]
 */
export function builtinRelations(table: string): ForeignKeySpec[] {
  return DP02_RELATIONS.filter((r) => r.from === table).map(({ columns, table: t, referencedColumns }) => ({
    columns,
    table: t,
    referencedColumns,
  }));
}
