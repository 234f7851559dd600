#!/usr/bin/env bash
# -----------------------------------------------------------------------------
# Mission Control dev LDAP: a private OpenLDAP (slapd) on 127.0.0.1 for the LDAP
# sign-in tests and for trying LDAP sign-in by hand.
#
#   scripts/dev-ldap.sh up       install (if needed), initialise and start it
#   scripts/dev-ldap.sh status   exit 0 only if it is up and answers
#   scripts/dev-ldap.sh down     stop it (only the server of this checkout's data folder)
#
# Installs Debian's `slapd` and `ldap-utils` when missing (needs root then), without the
# package's own database (it never touches /etc/ldap/slapd.d). The server keeps its state in
# <repo>/data/dev-ldap:
#   slapd.d/   its cn=config        db/   the directory (mdb)        run/   pid and args files
#   port       its port (first free from 53389 on, 127.0.0.1 only)    slapd.log   its output
#   ldap.env   MISSIONCONTROL_LDAP_* for the portal, DEV_LDAP_PASSWORD_<USER> for the tests (0600)
#
# The directory, suffix dc=missioncontrol,dc=test:
#   ou=people   alice, bob (members), carol (viewer), dana (admin); passwords random per install
#   ou=groups   groupOfNames mc-admins, mc-members, mc-viewers (member = the person's DN)
#   ou=services cn=portal — the read-only account the portal searches groups with
# -----------------------------------------------------------------------------
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd -P)
DL=$REPO_ROOT/data/dev-ldap
CONFIG_DIR=$DL/slapd.d
DB_DIR=$DL/db
RUN_DIR=$DL/run
PID_FILE=$RUN_DIR/slapd.pid
PORT_FILE=$DL/port
ENV_FILE=$DL/ldap.env
SECRETS_FILE=$DL/secrets
LOG_FILE=$DL/slapd.log
FIRST_PORT=53389
SUFFIX=dc=missioncontrol,dc=test
ROOT_DN=cn=admin,$SUFFIX
PORTAL_DN=cn=portal,ou=services,$SUFFIX
PEOPLE=(alice bob carol dana)
LOCK=/tmp/mission-control-dev-ldap.lock

log() { printf '[dev-ldap] %s\n' "$*"; }
die() { printf '[dev-ldap] ERROR: %s\n' "$*" >&2; exit 1; }

install_if_missing() {
  [[ -x /usr/sbin/slapd && -x /usr/sbin/slapadd ]] && command -v ldapsearch >/dev/null 2>&1 && return 0
  [[ $(id -u) -eq 0 ]] || die "OpenLDAP is not installed: sudo apt-get install slapd ldap-utils (or run this as root)"
  log "installing slapd and ldap-utils (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  # only our own server: the package must not build and start a directory of its own
  echo "slapd slapd/no_configuration boolean true" | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq slapd ldap-utils >"$DL/apt.log" 2>&1 \
    || { tail -n 20 "$DL/apt.log" >&2; die "apt-get install slapd ldap-utils failed"; }
}

SLAPD=/usr/sbin/slapd
SLAPADD=/usr/sbin/slapadd

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

running() {
  [[ -s $PID_FILE ]] && kill -0 "$(<"$PID_FILE")" 2>/dev/null \
    && [[ $(cat "/proc/$(<"$PID_FILE")/comm" 2>/dev/null) == slapd ]]
}

url() { echo "ldap://127.0.0.1:$(<"$PORT_FILE")"; }

answers() {
  ldapsearch -x -LLL -H "$(url)" -D "$PORTAL_DN" -w "$(secret portal)" -b "$SUFFIX" -s base dn >/dev/null 2>&1
}

# One random password per name, kept (0600) so re-running `up` keeps them.
secret() { # name
  grep -m1 "^$1=" "$SECRETS_FILE" | cut -d= -f2-
}

make_secrets() {
  [[ -s $SECRETS_FILE ]] && return 0
  local name
  (
    umask 077
    for name in admin portal "${PEOPLE[@]}"; do
      printf '%s=%s\n' "$name" "$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    done >"$SECRETS_FILE"
  )
}

config_ldif() {
  cat <<LDIF
dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: $PID_FILE
olcArgsFile: $RUN_DIR/slapd.args

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: /usr/lib/ldap
olcModuleLoad: back_mdb

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file:///etc/ldap/schema/core.ldif
include: file:///etc/ldap/schema/cosine.ldif
include: file:///etc/ldap/schema/nis.ldif
include: file:///etc/ldap/schema/inetorgperson.ldif

dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
olcAccess: {0}to * by * none

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: $SUFFIX
olcDbDirectory: $DB_DIR
olcDbMaxSize: 104857600
olcRootDN: $ROOT_DN
olcRootPW: $(/usr/sbin/slappasswd -s "$(secret admin)")
olcDbIndex: objectClass eq
olcDbIndex: uid eq
olcDbIndex: member eq
olcAccess: {0}to attrs=userPassword by anonymous auth by self write by * none
olcAccess: {1}to * by users read by * none
LDIF
}

person_dn() { echo "uid=$1,ou=people,$SUFFIX"; }

group_ldif() { # name member...
  local name=$1; shift
  printf 'dn: cn=%s,ou=groups,%s\nobjectClass: groupOfNames\ncn: %s\n' "$name" "$SUFFIX" "$name"
  local m
  for m in "$@"; do printf 'member: %s\n' "$(person_dn "$m")"; done
  echo
}

data_ldif() {
  cat <<LDIF
dn: $SUFFIX
objectClass: dcObject
objectClass: organization
dc: missioncontrol
o: Mission Control dev lab

dn: ou=people,$SUFFIX
objectClass: organizationalUnit
ou: people

dn: ou=groups,$SUFFIX
objectClass: organizationalUnit
ou: groups

dn: ou=services,$SUFFIX
objectClass: organizationalUnit
ou: services

dn: $PORTAL_DN
objectClass: person
objectClass: simpleSecurityObject
cn: portal
sn: portal
userPassword: $(/usr/sbin/slappasswd -s "$(secret portal)")

LDIF
  local p
  for p in "${PEOPLE[@]}"; do
    cat <<LDIF
dn: $(person_dn "$p")
objectClass: inetOrgPerson
uid: $p
cn: ${p^}
sn: ${p^}
mail: $p@missioncontrol.test
userPassword: $(/usr/sbin/slappasswd -s "$(secret "$p")")

LDIF
  done
  group_ldif mc-admins dana
  group_ldif mc-members alice bob
  group_ldif mc-viewers carol
}

initialise() {
  log "initialising $DL"
  rm -rf "$CONFIG_DIR" "$DB_DIR"
  mkdir -p "$CONFIG_DIR" "$DB_DIR"
  config_ldif >"$DL/config.ldif"
  "$SLAPADD" -n 0 -F "$CONFIG_DIR" -l "$DL/config.ldif" >"$DL/slapadd.log" 2>&1 \
    || { tail -n 20 "$DL/slapadd.log" >&2; die "slapadd of cn=config failed"; }
  data_ldif >"$DL/data.ldif"
  "$SLAPADD" -n 1 -F "$CONFIG_DIR" -l "$DL/data.ldif" >>"$DL/slapadd.log" 2>&1 \
    || { tail -n 20 "$DL/slapadd.log" >&2; die "slapadd of the directory failed"; }
  rm -f "$DL/config.ldif" "$DL/data.ldif" # they hold password hashes; the database keeps them
}

write_env() {
  local p
  (
    umask 077
    {
      echo "MISSIONCONTROL_LDAP_URL=$(url)"
      echo "MISSIONCONTROL_LDAP_BASE=$SUFFIX"
      echo "MISSIONCONTROL_LDAP_USER_DN_PATTERN=uid={0},ou=people"
      echo "MISSIONCONTROL_LDAP_GROUP_SEARCH_BASE=ou=groups"
      echo "MISSIONCONTROL_LDAP_MANAGER_DN=$PORTAL_DN"
      echo "MISSIONCONTROL_LDAP_MANAGER_PASSWORD=$(secret portal)"
      for p in "${PEOPLE[@]}"; do echo "DEV_LDAP_PASSWORD_${p^^}=$(secret "$p")"; done
    } >"$ENV_FILE"
  )
}

up() {
  mkdir -p "$DL" "$RUN_DIR"
  install_if_missing
  make_secrets
  if running; then
    answers || die "slapd (pid $(<"$PID_FILE")) runs but does not answer on $(url); see $LOG_FILE"
    log "already running on $(url) ($DL)"
  else
    [[ -d $CONFIG_DIR/cn=config && -f $DB_DIR/data.mdb ]] || initialise
    local port; port=$(choose_port)
    echo "$port" >"$PORT_FILE"
    log "starting on 127.0.0.1:$port"
    rm -f "$PID_FILE"
    "$SLAPD" -F "$CONFIG_DIR" -h "ldap://127.0.0.1:$port/" -d 0 >"$LOG_FILE" 2>&1 9>&- &
    local i
    for ((i = 0; i < 100; i++)); do
      answers && break
      sleep 0.1
    done
    answers || { tail -n 20 "$LOG_FILE" >&2; die "slapd did not answer on $(url)"; }
  fi
  write_env
  log "ready: $ENV_FILE ($(url), base $SUFFIX, people ${PEOPLE[*]})"
}

down() {
  if running; then
    local pid; pid=$(<"$PID_FILE")
    kill "$pid"
    local i
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    log "stopped ($DL)"
  else
    log "not running ($DL)"
  fi
}

status() {
  if running && answers; then
    log "up on $(url) ($DL)"
  else
    log "down"
    return 1
  fi
}

mkdir -p "$DL"
exec 9>"$LOCK"
flock -w 120 9 || die "another dev-ldap.sh holds $LOCK"
case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
