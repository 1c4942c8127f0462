/**
 * Identifier rules of the database Qserv ingests into (MySQL/MariaDB): what a table or column name must be to
 * load and to be queried without quoting. Sources: MySQL 8.0 Reference Manual §11.2 "Schema Object Names"
 * (at most 64 characters; unquoted names use [0-9a-zA-Z$_] and are not all digits) and §11.3 "Keywords and
 * Reserved Words" (the reserved ones, marked (R)); Qserv's partitioner adds `chunkId` and `subChunkId` columns
 * to partitioned tables, so data must not bring its own.
 */

/** MySQL 8.0 reserved words (§11.3, marked (R)); lower case. */
export const MYSQL_RESERVED: ReadonlySet<string> = new Set(
  `accessible add all alter analyze and as asc asensitive before between bigint binary blob both by call cascade
case change char character check collate column condition constraint continue convert create cross cube cume_dist
current_date current_time current_timestamp current_user cursor database databases day_hour day_microsecond
day_minute day_second dec decimal declare default delayed delete dense_rank desc describe deterministic distinct
distinctrow div double drop dual each else elseif empty enclosed escaped except exists exit explain false fetch
first_value float float4 float8 for force foreign from fulltext function generated get grant group grouping groups
having high_priority hour_microsecond hour_minute hour_second if ignore in index infile inner inout insensitive
insert int int1 int2 int3 int4 int8 integer intersect interval into io_after_gtids io_before_gtids is iterate join
json_table key keys kill lag last_value lateral lead leading leave left like limit linear lines load localtime
localtimestamp lock long longblob longtext loop low_priority master_bind master_ssl_verify_server_cert match
maxvalue mediumblob mediumint mediumtext middleint minute_microsecond minute_second mod modifies natural not
no_write_to_binlog nth_value ntile null numeric of on optimize optimizer_costs option optionally or order out outer
outfile over partition percent_rank precision primary procedure purge range rank read reads read_write real
recursive references regexp release rename repeat replace require resignal restrict return revoke right rlike row
rows row_number schema schemas second_microsecond select sensitive separator set show signal smallint spatial
specific sql sqlexception sqlstate sqlwarning sql_big_result sql_calc_found_rows sql_small_result ssl starting
stored straight_join system table terminated then tinyblob tinyint tinytext to trailing trigger true undo union
unique unlock unsigned update usage use using utc_date utc_time utc_timestamp values varbinary varchar varcharacter
varying virtual when where while window with write xor year_month zerofill`.split(/\s+/),
);

/** Columns Qserv's partitioner adds to director and child tables (lower case). */
export const QSERV_ADDED_COLUMNS: ReadonlySet<string> = new Set(["chunkid", "subchunkid"]);

/**
 * Why the database cannot take a name at all, or null when it can (possibly quoted: see {@link quotingNeed}).
 * @example identifierProblem("g_psfFlux") // null
 * identifierProblem("x".repeat(65)) // "is 65 characters long (MySQL allows 64)"
 * identifierProblem("chunkId", true) // "a column Qserv's partitioner adds to partitioned tables"
 */
export function identifierProblem(name: string, partitioned = false): string | null {
  if (name.length === 0) return "is empty";
  if (name.length > 64) return `is ${name.length} characters long (MySQL allows 64)`;
  if (name !== name.trimEnd()) return "ends with a space (MySQL refuses it)";
  if (partitioned && QSERV_ADDED_COLUMNS.has(name.toLowerCase()))
    return "a column Qserv's partitioner adds to partitioned tables";
  return null;
}

/**
 * Why every unqualified use of a name in a query must be quoted with backticks, or null when it need not.
 * (MySQL takes a reserved word after a period unquoted: `t.dec` works where `dec` fails.)
 * @example quotingNeed("coord_ra") // null
 * quotingNeed("dec") // "a MySQL reserved word"
 * quotingNeed("flux-err") // "has characters outside [0-9a-zA-Z$_]"
 */
export function quotingNeed(name: string): string | null {
  if (/^[0-9]+$/.test(name)) return "is all digits (MySQL reads it as a number)";
  if (/^[0-9]+e[0-9]/i.test(name)) return "starts like a number in exponent notation";
  if (!/^[0-9a-zA-Z$_]+$/.test(name)) return "has characters outside [0-9a-zA-Z$_]";
  if (MYSQL_RESERVED.has(name.toLowerCase())) return "a MySQL reserved word";
  return null;
}
