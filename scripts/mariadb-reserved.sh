#!/usr/bin/env bash
# Regenerates test/data/mariadb/reserved-words.txt: the words a running MariaDB server refuses as an unquoted
# column name. Each candidate W is probed with `CREATE TABLE t_probe (W INT)` in a scratch database; a syntax
# error (ER_PARSE_ERROR, 1064) means reserved. The server's default sql_mode is used (ORACLE-mode-only words are
# not reserved by default). Candidates: every word of MariaDB's INFORMATION_SCHEMA.KEYWORDS (10.6.3 and later),
# the MYSQL_RESERVED / MARIADB_RESERVED list in src/gate/mysql-names.ts and the extra words below.
#
# Usage: scripts/mariadb-reserved.sh [output]     (default test/data/mariadb/reserved-words.txt)
# Environment: MARIADB_CLIENT (default "mariadb -uroot"), PROBE_DB (default skygate_probe),
#   PROBE_SQL_MODE (unset: the server default; set it to compare modes, e.g. "" or "ORACLE"),
#   PROBE_CONTEXTS=1 also reports words accepted as a column definition but refused in other positions.
# Needs a running server the client can create and drop a database on (e.g. `service mariadb start` as root).
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-test/data/mariadb/reserved-words.txt}
client=${MARIADB_CLIENT:-mariadb -uroot}
db=${PROBE_DB:-skygate_probe}
read -r -a cli <<<"$client"

mode_sql=""
if [[ -v PROBE_SQL_MODE ]]; then mode_sql="SET SESSION sql_mode='${PROBE_SQL_MODE}';"; fi

sql() { "${cli[@]}" -N -B "$@"; }

version=$(sql -e "SELECT VERSION()")
sql_mode=$(sql -e "${mode_sql} SELECT @@SESSION.sql_mode")
sql -e "DROP DATABASE IF EXISTS \`$db\`; CREATE DATABASE \`$db\`; CREATE TABLE \`$db\`.t_ok (x INT)"
trap 'sql -e "DROP DATABASE IF EXISTS \`$db\`" || true' EXIT

# Words MariaDB is known to have beyond INFORMATION_SCHEMA.KEYWORDS' reach (older servers lack the table) and
# the MySQL-only ones this list is meant to settle.
extra="rank window system groups lag lead cume_dist dense_rank percent_rank row_number ntile first_value
last_value nth_value lateral json_table empty of cube grouping function generated stored virtual
optimizer_costs master_bind io_after_gtids io_before_gtids get undo row rows current_role returning general
slow delete_domain_id do_domain_ids ignore_domain_ids ignore_server_ids master_heartbeat_period page_checksum
parse_vcol_expr position ref_system_id stats_auto_recalc stats_persistent stats_sample_pages offset over
recursive except intersect database schema option body elsif goto others package raise rowtype period
system_time versioning without history vector"

keywords=$(sql -e "SELECT LOWER(WORD) FROM information_schema.KEYWORDS" 2>/dev/null || true)
source_list=$(sed -n '/_RESERVED: ReadonlySet<string> = new Set(/,/split/p' src/gate/mysql-names.ts |
  tr '\n' ' ' | sed -e 's/^[^`]*`//' -e 's/`.*//')

candidates=$(printf '%s\n' $keywords $source_list $extra | tr 'A-Z' 'a-z' | grep -E '^[a-z_][a-z0-9_$]*$' | sort -u)

tmp=$(mktemp)
others=$(mktemp)
n=0
for w in $candidates; do
  n=$((n + 1))
  if err=$(sql -D "$db" -e "${mode_sql} CREATE TABLE t_probe ($w INT); DROP TABLE t_probe" 2>&1); then
    if [[ ${PROBE_CONTEXTS:-} == 1 ]]; then
      # A word the column definition takes may still be refused elsewhere in a query.
      for probe in "SELECT $w FROM t_ok" "SELECT x FROM t_ok WHERE $w = 1 ORDER BY $w" \
        "CREATE TABLE $w (x INT)" "SELECT x FROM t_ok $w"; do
        e=$(sql -D "$db" -e "${mode_sql} $probe" 2>&1) || true
        if [[ $e == *"ERROR 1064"* ]]; then echo "$w: refused in: $probe" >>"$others"; fi
        sql -D "$db" -e "DROP TABLE IF EXISTS \`$w\`" >/dev/null 2>&1 || true
      done
    fi
  elif [[ $err == *"ERROR 1064"* ]]; then
    echo "$w" >>"$tmp"
  else
    echo "unexpected error for '$w': $err" >&2
    exit 1
  fi
done

mkdir -p "$(dirname "$out")"
{
  echo "# MariaDB reserved words: refused as an unquoted column name by CREATE TABLE t_probe (W INT)."
  echo "# Server: MariaDB ${version}; sql_mode: '${sql_mode}'; probed $(date -u +%Y-%m-%d) by scripts/mariadb-reserved.sh"
  echo "# (${n} candidates, $(wc -l <"$tmp" | tr -d ' ') reserved). See PROVENANCE.md."
  sort -u "$tmp"
} >"$out"
echo "wrote $out: $(wc -l <"$tmp" | tr -d ' ') reserved of $n candidates (MariaDB $version, sql_mode '$sql_mode')" >&2

# The PROVENANCE beside the golden file records its checksum (test/repo/standalone.test.ts checks it); written
# only for a run in the server's default mode (its notes on other modes are from the run of the date it gives).
dir=$(dirname "$out")
if [[ ! -v PROBE_SQL_MODE ]]; then cat >"$dir/PROVENANCE.md" <<EOF
# test/data/mariadb — MariaDB's reserved words, probed from a server

Not copied from anywhere: \`reserved-words.txt\` is produced by \`scripts/mariadb-reserved.sh\`, which asks a
running MariaDB server. Licence: MIT, like the rest of this repository (the words are facts about MariaDB's
grammar; no MariaDB documentation text is copied).

How: every candidate word W is tried as \`CREATE TABLE t_probe (W INT)\` in a scratch database, unquoted; a
syntax error (ER_PARSE_ERROR, 1064) means reserved, success means not (any other error stops the script).
Candidates ($n): every word of the server's \`INFORMATION_SCHEMA.KEYWORDS\`, the reserved list in
\`src/gate/mysql-names.ts\` (MySQL 8.0's §11.3 list when this was first run) and a few more words listed in
the script; every word of the MariaDB Knowledge Base's reserved-word list (with its Oracle-mode and
exceptions tables) is among them.

* Server: MariaDB $version (Debian 12 \`mariadb-server\` package), server default sql_mode
  \`$sql_mode\`; run $(date -u +%Y-%m-%d).
* Other modes: the list is the same with sql_mode \`''\` and \`ANSI\`; \`sql_mode=ORACLE\` reserves more (body,
  elsif instead of elseif, goto, minus, others, package, raise, rownum, rowtype, sysdate), which the
  default mode does not, so they are not in the file.
* Qserv runs MariaDB 11.4 (10.6 in older releases); 10.11 lies between. The list has not been checked
  against 11.4 or 10.6 servers.
* Position-dependent words are not in the file: \`window\` is refused only as a table alias, and
  \`sql_cache\`, \`sql_no_cache\`, \`sql_buffer_result\` only as the first item of a select list (run with
  \`PROBE_CONTEXTS=1\` to list such words).

Regenerate: \`service mariadb start\` (as root), then \`scripts/mariadb-reserved.sh\`; then copy the list into
\`MARIADB_RESERVED\` in \`src/gate/mysql-names.ts\` (test/gate/mariadb-reserved.test.ts compares the two).

## Files

* \`reserved-words.txt\` — $(wc -c <"$out" | tr -d ' ') bytes, sha256 \`$(sha256sum "$out" | cut -d' ' -f1)\`
EOF
fi
if [[ -s $others ]]; then
  echo "accepted as a column definition but refused elsewhere:" >&2
  cat "$others" >&2
fi
rm -f "$tmp" "$others"
