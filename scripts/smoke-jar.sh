#!/usr/bin/env bash
# Starts the production jar on an empty data folder and checks what a newcomer would see first:
# the sign-in page (where the dashboard sends an anonymous visitor), /actuator/health UP, /api/projects/
# answering 401 without a token and [] with the initial admin's token, and the SQLite file with Flyway's
# history table. Prints the startup time. Usage: scripts/smoke-jar.sh [jar] [port]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
jar="${1:-$(ls "$repo"/target/mission-control-*.jar | grep -v original | head -n 1)}"
port="${2:-18089}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

cd "$work"
# the initial admin's token: random, handed over in the environment (not on the command line), sent in a header
# read from a file (not in curl's arguments either)
token="$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')"
printf 'Authorization: Bearer %s\n' "$token" > auth.header
chmod 600 auth.header
start=$(date +%s%N)
MISSIONCONTROL_SECURITY_INITIAL_ADMIN_TOKEN="$token" "$java" -jar "$jar" --server.port="$port" > app.log 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health" && break
  kill -0 "$pid" 2>/dev/null || { cat app.log; echo "smoke: the jar exited before it served anything" >&2; exit 1; }
  sleep 0.25
done
ms=$(( ($(date +%s%N) - start) / 1000000 ))

fail() { echo "smoke: $*" >&2; tail -n 40 app.log >&2; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$port/")" = "302 http://127.0.0.1:$port/login" ] \
  || fail "/ did not send an anonymous visitor to /login"
[ "$(curl -s -o page.html -w '%{http_code}' "http://127.0.0.1:$port/login")" = 200 ] || fail "/login did not answer 200"
grep -q '<title>Mission Control' page.html || fail "/login is not the Vaadin page of Mission Control"
curl -s "http://127.0.0.1:$port/actuator/health" | grep -q '"status":"UP"' || fail "/actuator/health is not UP"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/projects/")" = 401 ] \
  || fail "/api/projects/ without a token did not answer 401"
[ "$(curl -s -H @auth.header "http://127.0.0.1:$port/api/projects/")" = "[]" ] \
  || fail "/api/projects/ with the initial admin's token did not answer []"
grep -q "$token" app.log && fail "the initial admin's token is in the log"
[ -f data/missioncontrol.db ] || fail "data/missioncontrol.db was not created"
python3 -c 'import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute("select count(*) from flyway_schema_history").fetchone()' \
  data/missioncontrol.db 2>/dev/null || fail "no Flyway history table in data/missioncontrol.db"
grep -q 'productionMode' app.log && grep -q '"productionMode":false' app.log && fail "the jar runs in development mode"
echo "smoke: production jar sent / to /login, health UP, /api/projects/ = 401 anonymous and [] with the token, on an empty data/ after ${ms} ms"
