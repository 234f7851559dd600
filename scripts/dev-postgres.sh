#!/usr/bin/env bash
# -----------------------------------------------------------------------------
# Mission Control dev PostgreSQL: a private PostgreSQL server on 127.0.0.1 for the
# `postgres` profile's tests and for trying the portal on PostgreSQL.
#
#   scripts/dev-postgres.sh up       install (if needed), initialise and start it
#   scripts/dev-postgres.sh status   exit 0 only if it is up and accepts connections
#   scripts/dev-postgres.sh down     stop it (only the server of this checkout's data folder)
#
# Installs Debian's `postgresql` when missing (needs root then). The server has its own
# data folder (never the system's cluster), listens on 127.0.0.1 only, on the first free
# port from 55432 on, and keeps its state in <repo>/data/dev-postgres:
#   pgdata/        the database cluster (a symlink to /var/lib/mission-control-dev-postgres/…
#                  when the checkout is not reachable by the postgres user, e.g. under /root)
#   run/           its unix socket      postgres.log   its log      port   its port
#   postgres.env   SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD
#                  for the role `missioncontrol`, which may create databases (tests make one each)
#
# Run the portal on it:  set -a; . data/dev-postgres/postgres.env; set +a
#                        ./mvnw spring-boot:run -Dspring-boot.run.profiles=postgres
# -----------------------------------------------------------------------------
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd -P)
DP=$REPO_ROOT/data/dev-postgres
PGDATA_DIR=$DP/pgdata
SOCKET_DIR=$DP/run
LOG_FILE=$DP/postgres.log
PORT_FILE=$DP/port
ENV_FILE=$DP/postgres.env
PASSWORD_FILE=$DP/password
FIRST_PORT=55432
ROLE=missioncontrol
DATABASE=missioncontrol
LOCK=/tmp/mission-control-dev-postgres.lock

log() { printf '[dev-postgres] %s\n' "$*"; }
die() { printf '[dev-postgres] ERROR: %s\n' "$*" >&2; exit 1; }

pg_bin() { # newest installed server's binary folder
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [[ -n $dir && -x $dir/initdb ]] && echo "$dir"
}

# The server runs as `postgres` when we are root (initdb refuses root), else as ourselves.
as_server_user() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_if_missing() {
  [[ -n $(pg_bin) ]] && return 0
  [[ $(id -u) -eq 0 ]] || die "PostgreSQL is not installed: sudo apt-get install postgresql (or run this as root)"
  log "installing postgresql (Debian package)"
  # only our own server: the package must not create and start the system's main cluster
  mkdir -p /etc/postgresql-common
  [[ -f /etc/postgresql-common/createcluster.conf ]] || echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.conf
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq -o Dpkg::Options::=--force-confold postgresql >"$DP/apt.log" 2>&1 \
    || { tail -n 20 "$DP/apt.log" >&2; die "apt-get install postgresql failed"; }
  [[ -n $(pg_bin) ]] || die "postgresql installed, but no initdb under /usr/lib/postgresql/*/bin"
}

# pgdata must be reachable by the server's user; a checkout under /root is not.
prepare_data_folder() {
  mkdir -p "$DP" "$SOCKET_DIR"
  if [[ $(id -u) -eq 0 ]]; then
    if [[ ! -e $PGDATA_DIR ]] && ! runuser -u postgres -- test -x "$DP"; then
      local fallback
      fallback=/var/lib/mission-control-dev-postgres/$(printf '%s' "$DP" | sha1sum | cut -c1-12)
      log "$DP is not reachable by user postgres; the cluster goes to $fallback"
      mkdir -p "$fallback"
      chown postgres: "$fallback"
      ln -s "$fallback" "$PGDATA_DIR"
    fi
    mkdir -p "$PGDATA_DIR"
    chown postgres: "$PGDATA_DIR" "$SOCKET_DIR"
    chmod 700 "$PGDATA_DIR"
    touch "$LOG_FILE"
    chown postgres: "$LOG_FILE"
  fi
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

choose_port() {
  local port
  if [[ -r $PORT_FILE ]]; then
    port=$(<"$PORT_FILE")
    [[ $port =~ ^[0-9]+$ ]] && port_free "$port" && { echo "$port"; return; }
  fi
  for ((port = FIRST_PORT; port < FIRST_PORT + 200; port++)); do
    port_free "$port" && { echo "$port"; return; }
  done
  die "no free port in $FIRST_PORT..$((FIRST_PORT + 199))"
}

running() { [[ -n $(pg_bin) && -f $PGDATA_DIR/PG_VERSION ]] && as_server_user "$(pg_bin)/pg_ctl" status -D "$PGDATA_DIR" >/dev/null 2>&1; }

psql_admin() { # sql
  as_server_user "$(pg_bin)/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKET_DIR" -p "$(<"$PORT_FILE")" -U postgres -d postgres -tAc "$1"
}

write_env() {
  local password
  password=$(<"$PASSWORD_FILE")
  umask 077
  cat >"$ENV_FILE" <<ENV
SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:$(<"$PORT_FILE")/$DATABASE
SPRING_DATASOURCE_USERNAME=$ROLE
SPRING_DATASOURCE_PASSWORD=$password
ENV
}

up() {
  install_if_missing
  prepare_data_folder
  local bin; bin=$(pg_bin)
  if running; then
    log "already running on 127.0.0.1:$(<"$PORT_FILE") ($PGDATA_DIR)"
  else
    if [[ ! -f $PGDATA_DIR/PG_VERSION ]]; then
      log "initialising $PGDATA_DIR"
      as_server_user "$bin/initdb" -D "$PGDATA_DIR" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >"$DP/initdb.log" 2>&1 \
        || { tail -n 20 "$DP/initdb.log" >&2; die "initdb failed"; }
    fi
    local port; port=$(choose_port)
    echo "$port" >"$PORT_FILE"
    log "starting on 127.0.0.1:$port"
    as_server_user "$bin/pg_ctl" -D "$PGDATA_DIR" -l "$LOG_FILE" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$SOCKET_DIR -c max_connections=200 -c fsync=off" \
      start >/dev/null 9>&- || { tail -n 20 "$LOG_FILE" >&2; die "PostgreSQL did not start"; }
  fi
  if [[ ! -s $PASSWORD_FILE ]]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$PASSWORD_FILE")
  fi
  local password; password=$(<"$PASSWORD_FILE")
  if [[ $(psql_admin "select 1 from pg_roles where rolname = '$ROLE'") != 1 ]]; then
    psql_admin "create role $ROLE login createdb password '$password'"
  else
    psql_admin "alter role $ROLE login createdb password '$password'"
  fi
  if [[ $(psql_admin "select 1 from pg_database where datname = '$DATABASE'") != 1 ]]; then
    psql_admin "create database $DATABASE owner $ROLE"
  fi
  write_env
  log "ready: $ENV_FILE (jdbc:postgresql://127.0.0.1:$(<"$PORT_FILE")/$DATABASE, role $ROLE)"
}

down() {
  if running; then
    as_server_user "$(pg_bin)/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null
    log "stopped ($PGDATA_DIR)"
  else
    log "not running ($PGDATA_DIR)"
  fi
}

status() {
  if running && as_server_user "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$(<"$PORT_FILE")"; then
    log "up on 127.0.0.1:$(<"$PORT_FILE") ($PGDATA_DIR)"
  else
    log "down"
    return 1
  fi
}

mkdir -p "$DP"
exec 9>"$LOCK"
flock -w 120 9 || die "another dev-postgres.sh holds $LOCK"
case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
