#!/usr/bin/env bash
# A real TAP server for skygate's integration tests: DaCHS (Debian gavodachs2-server, PostgreSQL 15 with
# pgSphere/Q3C) on loopback, serving the pilot fixtures as two resources: `skygate` (fixtures/pilot as is) and
# `skygate_b` (Object and ForcedSource with one planted difference, scripts/dachs/planted.ts).
#
#   bash scripts/dachs/setup.sh          install if missing, start PostgreSQL and DaCHS, load if needed
#   bash scripts/dachs/setup.sh --stop   stop DaCHS (PostgreSQL keeps running)
#
# Installing needs root (apt-get). The tables are reloaded only when the fixtures or these scripts changed
# (sha256 stamp in $INPUTS/skygate/.stamp, checked against the row counts in the database); a warm start takes
# about a second. Prints `SKYGATE_TAP_URL=...` on its last line. Port: SKYGATE_DACHS_PORT (default 8391).
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO="$PWD"
PORT="${SKYGATE_DACHS_PORT:-8391}"
URL="http://127.0.0.1:${PORT}"
INPUTS=/var/gavo/inputs
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
t0=$SECONDS

phase() { echo "dachs-setup: $* ($((SECONDS - t0)) s)"; }

postgres_answers() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

start_postgres() {
  # Ask the server itself: after a machine restart the cluster's status and pid file may be stale.
  if postgres_answers; then return; fi
  phase "starting PostgreSQL 15"
  $SUDO pg_ctlcluster 15 main start || true
  for _ in $(seq 1 60); do
    if postgres_answers; then return; fi
    sleep 0.5
  done
  echo "dachs-setup: PostgreSQL 15 does not answer on 127.0.0.1:5432 within 30 s" >&2
  tail -20 /var/log/postgresql/postgresql-15-main.log >&2 || true
  exit 1
}

install_if_missing() {
  if command -v dachs >/dev/null 2>&1 && dpkg -s gavodachs2-server 2>/dev/null | grep -q '^Status: install ok installed'; then
    return
  fi
  phase "installing gavodachs2-server"
  $SUDO apt-get update -qq
  # PostgreSQL must run during the package's post-install (it creates the DaCHS database and roles); in a
  # container the first configure may still fail, and `dpkg --configure -a` then finishes it.
  if ! command -v pg_lsclusters >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends postgresql-15
  fi
  start_postgres
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends gavodachs2-server || true
  start_postgres
  $SUDO dpkg --configure -a
  command -v dachs >/dev/null 2>&1 || { echo "dachs-setup: gavodachs2-server did not install" >&2; exit 1; }
}

configure() {
  # Production server bound to loopback; serverURL with 127.0.0.1 because async job and result URLs are built
  # from it (localhost may resolve to ::1). Raise DaCHS's default MAXREC ceiling for the 10^6-row bench.
  local rc
  rc="$(printf '[web]\nbindAddress: 127.0.0.1\nserverPort: %s\nserverURL: %s\n\n[async]\nhardMAXREC: 20000000\n' "$PORT" "$URL")"
  if [ ! -f /etc/gavo.rc ] || [ "$(cat /etc/gavo.rc)" != "$rc" ]; then
    printf '%s\n' "$rc" | $SUDO tee /etc/gavo.rc >/dev/null
    stop_server
  fi
}

psql_gavo() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d gavo "$@"
  else
    sudo -u postgres psql -X -q -v ON_ERROR_STOP=1 -d gavo "$@"
  fi
}

loaded_rows_match() {
  # Every table of the manifest holds as many rows as the CSV it was loaded from.
  local manifest="$1"
  [ -f "$manifest" ] || return 1
  node -e '
    const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const t of m) console.log(`${t.schema}.${t.table} ${t.rows}`);' "$manifest" |
    while read -r table rows; do
      local n
      n="$(psql_gavo -At -c "SELECT count(*) FROM ${table}" 2>/dev/null)" || return 1
      [ "$n" = "$rows" ] || return 1
    done
}

stamp_of_inputs() {
  sha256sum fixtures/pilot/*.parquet scripts/dachs/setup.sh scripts/dachs/make-rd.ts scripts/dachs/planted.ts |
    sha256sum | cut -d' ' -f1
}

load_tables() {
  local stamp
  stamp="$(stamp_of_inputs)"
  if [ -f "$INPUTS/skygate/.stamp" ] && [ "$(cat "$INPUTS/skygate/.stamp")" = "$stamp" ] &&
    loaded_rows_match "$INPUTS/manifest.json"; then
    phase "tables unchanged (stamp ${stamp:0:12}), not reloaded"
    return
  fi
  # A running server keeps PostgreSQL sessions on the old tables, and `dachs imp` would wait for their locks.
  stop_server
  phase "writing resource descriptors and CSV"
  $SUDO rm -rf "$INPUTS/skygate" "$INPUTS/skygate_b"
  node --import tsx scripts/dachs/make-rd.ts "$INPUTS"
  $SUDO chmod -R a+rX "$INPUTS/skygate" "$INPUTS/skygate_b"
  for rd in skygate skygate_b; do
    phase "dachs imp ${rd}/q (creates the tables and their TAP_SCHEMA entries)"
    if ! (cd "$INPUTS" && $SUDO dachs imp "${rd}/q" >/tmp/skygate-dachs-imp.log 2>&1); then
      tail -20 /tmp/skygate-dachs-imp.log >&2
      exit 1
    fi
  done
  phase "COPY into PostgreSQL"
  node -e '
    const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const t of m) console.log(`${t.schema}.${t.table} ${t.csv}`);' "$INPUTS/manifest.json" |
    while read -r table csv; do
      psql_gavo -c "TRUNCATE ${table}" -c "COPY ${table} FROM '${csv}' WITH (FORMAT csv, HEADER true)"
    done
  loaded_rows_match "$INPUTS/manifest.json" || { echo "dachs-setup: row counts differ after COPY" >&2; exit 1; }
  echo "$stamp" | $SUDO tee "$INPUTS/skygate/.stamp" >/dev/null
}

server_answers() { curl -fsS -m 5 "${URL}/tap/availability" >/dev/null 2>&1; }

stop_server() {
  if server_answers || [ -f /var/gavo/state/web.pid ] || [ -f /var/gavo/state/twistd.pid ]; then
    $SUDO dachs serve stop >/dev/null 2>&1 || true
  fi
}

start_server() {
  if server_answers; then
    phase "DaCHS already answers on ${URL}"
    return
  fi
  phase "starting DaCHS on ${URL}"
  $SUDO dachs serve start >/dev/null
  for _ in $(seq 1 120); do
    if server_answers; then
      phase "DaCHS answers"
      return
    fi
    sleep 0.5
  done
  echo "dachs-setup: DaCHS did not answer on ${URL}/tap/availability within 60 s; see /var/gavo/logs" >&2
  exit 1
}

if [ "${1:-}" = "--stop" ]; then
  stop_server
  exit 0
fi
install_if_missing
start_postgres
configure
load_tables
start_server
phase "ready"
echo "SKYGATE_TAP_URL=${URL}/tap"
