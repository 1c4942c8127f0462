#!/usr/bin/env bash
# Loads one CSV into the running DaCHS of scripts/dachs/setup.sh as table skygate_scale.NAME (for bench/scale.ts):
#   bash scripts/dachs/load-table.sh NAME FILE.csv 'col:DUCKDB_TYPE,col:DUCKDB_TYPE,...'
# Reloads only when the CSV's size and time changed. Stops the server while importing (it holds table locks).
set -euo pipefail
NAME="$1"
CSV="$2"
COLUMNS="$3"
DIR=/var/gavo/inputs/skygate_scale
STAMP="$DIR/.stamp-$NAME"
want="$(stat -c '%s %Y' "$CSV")"
mkdir -p "$DIR"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then exit 0; fi
{
  echo '<resource schema="skygate_scale">'
  echo '  <meta name="title">skygate scale benchmark tables</meta>'
  echo '  <meta name="creationDate">2026-01-01T00:00:00</meta>'
  echo '  <meta name="description">Synthetic tables for bench/scale.ts.</meta>'
  echo "  <table id=\"$NAME\" onDisk=\"True\" adql=\"True\">"
  IFS=',' read -ra cols <<<"$COLUMNS"
  for c in "${cols[@]}"; do
    n="${c%%:*}"
    t="${c#*:}"
    case "$t" in
      BIGINT) echo "    <column name=\"$n\" type=\"bigint\"><values nullLiteral=\"-2147483648\"/></column>" ;;
      INTEGER) echo "    <column name=\"$n\" type=\"integer\"><values nullLiteral=\"-2147483648\"/></column>" ;;
      DOUBLE) echo "    <column name=\"$n\" type=\"double precision\"/>" ;;
      BOOLEAN) echo "    <column name=\"$n\" type=\"boolean\"/>" ;;
      *) echo "    <column name=\"$n\" type=\"text\"/>" ;;
    esac
  done
  echo "  </table>"
  echo "  <data id=\"import_$NAME\"><make table=\"$NAME\"/></data>"
  echo '</resource>'
} >"$DIR/q.rd"
dachs serve stop >/dev/null 2>&1 || true
(cd /var/gavo/inputs && dachs imp skygate_scale/q >/tmp/skygate-dachs-imp.log 2>&1) || { tail -20 /tmp/skygate-dachs-imp.log >&2; exit 1; }
chmod a+r "$CSV"
runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d gavo -c "COPY skygate_scale.$NAME FROM '$CSV' WITH (FORMAT csv, HEADER true)"
echo "$want" >"$STAMP"
dachs serve start >/dev/null
for _ in $(seq 1 120); do
  curl -fsS -m 5 http://127.0.0.1:${SKYGATE_DACHS_PORT:-8391}/tap/availability >/dev/null 2>&1 && exit 0
  sleep 0.5
done
echo "DaCHS did not come back" >&2
exit 1
