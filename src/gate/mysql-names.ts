/**
 * Identifier rules of the database Qserv ingests into (MariaDB: 10.6 in older Qserv releases, 11.4 now):
 * what a table or column name must be to load and to be queried without quoting. Sources: MySQL 8.0
 * Reference Manual §11.2 "Schema Object Names" (at most 64 characters; unquoted names use [0-9a-zA-Z$_] and
 * are not all digits; MariaDB 10.11 too refuses 65 characters and a trailing space) and, for the reserved
 * words, a MariaDB server probed by `scripts/mariadb-reserved.sh` (see `test/data/mariadb/PROVENANCE.md`;
 * MySQL 8.0's §11.3 list is not MariaDB's). Qserv's partitioner adds `chunkId` and `subChunkId` columns to
 * partitioned tables, so data must not bring its own.
 */

/**
 * MariaDB reserved words, lower case: the words a MariaDB 10.11 server refuses as an unquoted column name
 * (probed by `scripts/mariadb-reserved.sh`; golden copy `test/data/mariadb/reserved-words.txt`, which a test
 * keeps equal to this list). Default sql_mode; the words only `sql_mode=ORACLE` reserves are left out.
 * MariaDB reserves fewer words than MySQL 8.0 (not `rank`, `system`, `groups`, `lag`, `lead`, `database`,
 * `schema`, `option`, …; `window` only as a table alias) and some MySQL does not (`current_role`,
 * `returning`, `offset`, `portion`, `delete_domain_id`, …).
 */
export const MARIADB_RESERVED: ReadonlySet<string> = new Set(
  `accessible add all alter analyze and as asc asensitive before between bigint binary blob both by call
cascade case change char character check collate column condition constraint continue convert create cross
current_date current_role current_time current_timestamp current_user cursor databases day_hour
day_microsecond day_minute day_second dec decimal declare default delayed delete delete_domain_id desc
describe deterministic distinct distinctrow div do_domain_ids double drop dual each else elseif enclosed
escaped except exists exit explain false fetch float float4 float8 for force foreign from fulltext grant group
having high_priority hour_microsecond hour_minute hour_second if ignore ignore_domain_ids in index infile
inner inout insensitive insert int int1 int2 int3 int4 int8 integer intersect interval into is iterate join
key keys kill leading leave left like limit linear lines load localtime localtimestamp lock long longblob
longtext loop low_priority master_demote_to_replica master_demote_to_slave master_ssl_verify_server_cert match
maxvalue mediumblob mediumint mediumtext middleint minute_microsecond minute_second mod modifies natural
no_write_to_binlog not null numeric offset on optimize optionally or order out outer outfile over
page_checksum parse_vcol_expr partition portion precision primary procedure purge range read read_write reads
real recursive ref_system_id references regexp release rename repeat replace require resignal restrict return
returning revoke right rlike row_number rows schemas second_microsecond select sensitive separator set show
signal smallint spatial specific sql sql_big_result sql_calc_found_rows sql_small_result sqlexception sqlstate
sqlwarning ssl starting stats_auto_recalc stats_persistent stats_sample_pages straight_join table terminated
then tinyblob tinyint tinytext to trailing trigger true undo union unique unlock unsigned update usage use
using utc_date utc_time utc_timestamp values varbinary varchar varcharacter varying when where while with
write xor year_month zerofill`.split(/\s+/),
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
 * (MariaDB takes a reserved word after a period unquoted: `t.dec` works where `dec` fails.)
 * @example quotingNeed("coord_ra") // null
 * quotingNeed("dec") // "a MariaDB reserved word (Qserv's database)"
 * quotingNeed("offset") // "a MariaDB reserved word (Qserv's database)"
 * quotingNeed("rank") // null
 * quotingNeed("flux-err") // "has characters outside [0-9a-zA-Z$_]"
 */
export function quotingNeed(name: string): string | null {
  if (/^[0-9]+$/.test(name)) return "is all digits (MySQL reads it as a number)";
  if (/^[0-9]+e[0-9]/i.test(name)) return "starts like a number in exponent notation";
  if (!/^[0-9a-zA-Z$_]+$/.test(name)) return "has characters outside [0-9a-zA-Z$_]";
  if (MARIADB_RESERVED.has(name.toLowerCase())) return "a MariaDB reserved word (Qserv's database)";
  return null;
}
