#!/usr/bin/env bash
# -----------------------------------------------------------------------------
# Mission Control dev cluster: a real single-node SLURM + OpenSSH test bed on
# 127.0.0.1, for integration tests, CI and newcomers.
#
#   scripts/dev-cluster.sh up       install (if needed), configure and start it
#   scripts/dev-cluster.sh status   exit 0 only if SLURM answers and the node is usable
#   scripts/dev-cluster.sh down     stop exactly the daemons `up` started (by PID)
#
# Must run as root (it installs Debian packages, writes /etc/slurm and creates
# the `mlops` user). Works from any cwd; state lives in <repo>/data/dev-cluster.
#
# What you get:
#   * SLURM 22.05 (Debian 12) cluster "dev": node "localhost" (8 CPUs, 16000 MB,
#     fake GPUs gpu:a6000:4 + gpu:a100:2), partitions gpu (default) and debug,
#     slurmdbd accounting (sacct works, job comments stored) on a private MariaDB
#     (unix socket only), munged.
#   * SLURM accounts lab, vision, nlp and QoS normal, high (mlops in all three,
#     alice in vision + nlp, bob in nlp; see CHARGE_ASSOCS), enforced by sbatch.
#   * sshd on 127.0.0.1:2222, public key only, user mlops with ~/workspace.
#   * data/dev-cluster/clusters.yaml for the portal, data/dev-cluster/known_hosts
#     and the mlops private key data/dev-cluster/mlops_ed25519 (kept across runs).
#
# Layout of data/dev-cluster/:
#   clusters.yaml  known_hosts  mlops_ed25519(.pub)
#   conf/  copies of slurm.conf, gres.conf, slurmdbd.conf (the live ones are in
#          /etc/slurm), my.cnf, sshd_config
#   ssh/   sshd host key        gpus/  fake GPU device nodes gpu0..gpu5
#   run/   pid files of the daemons started here (+ up.stamp)
#   log/   one log per daemon, apt.log
#   var/   daemon state: munge/, mysql/ (MariaDB datadir), slurmctld/ (StateSaveLocation),
#          slurmd/ (spool), slurmdbd/  -- a symlink to /var/lib/mission-control-dev-cluster
#          when the checkout is not reachable by unprivileged users (e.g. under /root)
#
# One cluster per machine: if another checkout (git worktree) of the repo already
# runs it, `up` uses that one (adds this checkout's key to mlops' authorized_keys,
# copies its known_hosts, writes this checkout's clusters.yaml), `down` leaves it
# alone, `status` reports on it.
#
# Try:  ssh -i data/dev-cluster/mlops_ed25519 -p 2222 \
#           -o UserKnownHostsFile=data/dev-cluster/known_hosts mlops@127.0.0.1 sinfo
# -----------------------------------------------------------------------------
set -euo pipefail

T0=$(date +%s%N)

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd -P)
DC=$REPO_ROOT/data/dev-cluster

CLUSTER=dev
NODE=localhost
SSH_PORT=2222
SSH_USER=mlops
SSH_HOME=/home/$SSH_USER
WORKSPACE=$SSH_HOME/workspace
# Members: Unix accounts whose jobs run as themselves (own key or sudo, see README "Running jobs as each
# member"). Their workspace is /home/<member>/workspace; the script installs no key of theirs.
MEMBERS=(alice bob)
SUDOERS_FILE=/etc/sudoers.d/mission-control-dev-cluster
ACCOUNT=lab

CONF_DIR=$DC/conf          # copies of every config file (+ sshd_config, my.cnf)
RUN_DIR=$DC/run            # pid files of the daemons this script started
LOG_DIR=$DC/log            # daemon logs (stdout/stderr of each daemon)
SSH_DIR=$DC/ssh            # sshd host key
GPU_DIR=$DC/gpus           # fake GPU device nodes (char 1:3 = /dev/null)
KEY=$DC/mlops_ed25519      # mlops private key (public: .pub)
KNOWN_HOSTS=$DC/known_hosts
CLUSTERS_YAML=$DC/clusters.yaml
# Directories written by unprivileged daemons (munge, mysql, slurm). Normally
# $DC/var; falls back to /var/lib/mission-control-dev-cluster when the repo path
# is not traversable by other users (e.g. a clone under /root).
VAR=$DC/var
VAR_FALLBACK=/var/lib/mission-control-dev-cluster
# Machine-wide (there is one SLURM per machine): the lock, and which checkout's
# data/dev-cluster the running cluster belongs to. Another checkout (a git
# worktree) then uses that cluster instead of failing on busy ports.
ACTIVE_DIR=/run/mission-control-dev-cluster
ACTIVE_HOME_FILE=$ACTIVE_DIR/home

SLURM_ETC=/etc/slurm        # client commands look here; it's this machine's SLURM
MYSQL_SOCK=/run/mysqld/mysqld.sock
MUNGE_KEY=/etc/munge/munge.key
MARKER="# Managed by Mission Control scripts/dev-cluster.sh -- regenerated on every 'up'."

PACKAGES=(slurmctld slurmd slurm-client slurmdbd slurm-wlm-mysql-plugin munge
          openssh-server mariadb-server python-is-python3 git sudo)

# name -> binary (used to verify a pid really is our daemon before signalling it)
declare -A EXE=(
  [munged]=/usr/sbin/munged
  [mariadb]=/usr/sbin/mariadbd
  [slurmdbd]=/usr/sbin/slurmdbd
  [slurmctld]=/usr/sbin/slurmctld
  [slurmd]=/usr/sbin/slurmd
  [sshd]=/usr/sbin/sshd
)
START_ORDER=(munged mariadb slurmdbd slurmctld slurmd sshd)
STOP_ORDER=(sshd slurmd slurmctld slurmdbd mariadb munged)

# ----------------------------------------------------------------------------- helpers
log()  { printf '[dev-cluster %5ss] %s\n' "$(elapsed)" "$*"; }
warn() { printf '[dev-cluster %5ss] WARNING: %s\n' "$(elapsed)" "$*" >&2; }
die()  { printf '[dev-cluster] ERROR: %s\n' "$*" >&2; exit 1; }

elapsed() { # seconds since T0, with milliseconds
  local now; now=$(date +%s%N)
  awk -v a="$T0" -v b="$now" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'
}

# one up/down at a time on this machine (CI and a developer, two worktrees' test runs)
take_lock() {
  mkdir -p "$ACTIVE_DIR"
  exec 9>"$ACTIVE_DIR/lock"
  flock -w 600 9 || die "another dev-cluster.sh up/down still holds $ACTIVE_DIR/lock after 600 s"
}

require_root() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (it installs packages, writes /etc/slurm, creates user $SSH_USER). Try: sudo $0 ${1:-up}"
}

show_log_tail() { # name
  local f=$LOG_DIR/$1.log
  if [[ -s $f ]]; then
    printf '[dev-cluster] ---- last lines of %s ----\n' "$f" >&2
    tail -n 25 "$f" >&2 || true
    printf '[dev-cluster] ----\n' >&2
  fi
}

# true if <pid> exists and is not a zombie (pid 1 here reaps orphans lazily)
proc_running() {
  local st
  st=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ -n $st && $st != Z && $st != X ]]
}

# pid of our daemon <name> if it is alive and really is that binary; else fails
daemon_pid() {
  local name=$1 pidfile=$RUN_DIR/$1.pid pid exe want
  [[ -r $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  if exe=$(readlink "/proc/$pid/exe" 2>/dev/null); then
    # /usr/sbin/slurmctld and slurmd are symlinks to *-wlm on Debian
    want=$(readlink -f "${EXE[$name]}" 2>/dev/null) || want=${EXE[$name]}
    [[ $exe == "$want" || $exe == "$want (deleted)" ]] || return 1
  else
    # not root (status only): /proc/<pid>/exe is unreadable, compare the command name
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$(basename -- "${EXE[$name]}")" ]] || return 1
  fi
  proc_running "$pid" || return 1
  printf '%s\n' "$pid"
}

daemon_alive() { daemon_pid "$1" >/dev/null; }

# start_daemon <name> <command...>: runs the command in the foreground mode of
# the daemon, detached in its own session, stdout/stderr appended to log/<name>.log.
# setsid execs in place (we are not a process group leader), so $! is the daemon.
start_daemon() {
  local name=$1; shift
  local logf=$LOG_DIR/$name.log pid
  # keep logs bounded: one rotation at 10 MB
  if [[ -f $logf ]] && (( $(stat -c %s "$logf") > 10485760 )); then mv -f "$logf" "$logf.1"; fi
  printf '==== %s starting: %s\n' "$(date '+%F %T')" "$*" >>"$logf"
  setsid "$@" </dev/null >>"$logf" 2>&1 9>&- &   # 9 = our lock fd, not for daemons
  pid=$!
  printf '%s\n' "$pid" >"$RUN_DIR/$name.pid"
  # give exec a moment, then make sure the pid is the expected binary
  local i
  for i in $(seq 1 50); do
    daemon_alive "$name" && return 0
    proc_running "$pid" || break
    sleep 0.02
  done
  daemon_alive "$name" || { show_log_tail "$name"; die "$name failed to start (see $logf)"; }
}

stop_daemon() { # name
  local name=$1 pid i
  if pid=$(daemon_pid "$name"); then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 300); do           # up to 30 s
      proc_running "$pid" || break
      sleep 0.1
    done
    if proc_running "$pid"; then
      warn "$name (pid $pid) did not stop within 30 s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
    fi
    log "stopped $name (pid $pid)"
  fi
  rm -f "$RUN_DIR/$name.pid"
}

# wait_until <timeout_s> <description> <daemon-name-or-''> <command...>
wait_until() {
  local timeout=$1 what=$2 name=$3; shift 3
  local deadline=$(( $(date +%s) + timeout ))
  while true; do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if [[ -n $name ]] && ! daemon_alive "$name"; then
      show_log_tail "$name"
      die "$name exited while waiting for: $what (log: $LOG_DIR/$name.log)"
    fi
    if (( $(date +%s) >= deadline )); then
      [[ -n $name ]] && show_log_tail "$name"
      die "timed out after ${timeout}s waiting for: $what"
    fi
    sleep 0.2
  done
}

# write_if_changed <file> <mode> <owner> : content from stdin; returns 0 if the
# file changed (or was created), 1 if it was already identical.
write_if_changed() {
  local f=$1 mode=$2 owner=$3 tmp
  tmp=$(mktemp)
  cat >"$tmp"
  if [[ -f $f ]] && cmp -s "$tmp" "$f"; then
    rm -f "$tmp"; chmod "$mode" "$f"; chown "$owner" "$f"; return 1
  fi
  install -m "$mode" -o "${owner%%:*}" -g "${owner##*:}" "$tmp" "$f"
  rm -f "$tmp"
  return 0
}

node_state() { # prints e.g. "idle", "mixed", "drained", "idle*"; fails if sinfo fails
  local s
  s=$(timeout 10 sinfo -h -N -n "$NODE" -o '%T' 2>/dev/null | head -n 1) || return 1
  [[ -n $s ]] || return 1
  printf '%s\n' "$s"
}

node_usable() {
  local s; s=$(node_state) || return 1
  [[ $s == idle || $s == mixed || $s == allocated || $s == completing ]]
}

ssh_mlops() { # run a command as mlops through our sshd
  timeout 15 ssh -i "$KEY" -p "$SSH_PORT" \
    -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$KNOWN_HOSTS" \
    -o GlobalKnownHostsFile=/dev/null -o ConnectTimeout=5 -o LogLevel=ERROR \
    "$SSH_USER@127.0.0.1" "$@"
}

all_daemons_alive() {
  local n
  for n in "${START_ORDER[@]}"; do daemon_alive "$n" || return 1; done
}

any_daemon_alive() {
  local n
  for n in "${START_ORDER[@]}"; do daemon_alive "$n" && return 0; done
  return 1
}

stop_all() {
  local n
  for n in "${STOP_ORDER[@]}"; do stop_daemon "$n"; done
}

# prints the data/dev-cluster dir of ANOTHER checkout whose dev cluster daemons run
other_home() {
  local h
  [[ -s $ACTIVE_HOME_FILE ]] || return 1
  h=$(<"$ACTIVE_HOME_FILE")
  [[ $h != "$DC" && -d $h/run ]] || return 1
  local RUN_DIR=$h/run     # dynamic scope: daemon_pid looks there
  any_daemon_alive || return 1
  printf '%s\n' "$h"
}

# ----------------------------------------------------------------------------- up steps
install_packages() {
  local missing=() p st
  for p in "${PACKAGES[@]}"; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ $st == "install ok installed" ]] || missing+=("$p")
  done
  if (( ${#missing[@]} == 0 )); then
    return 0
  fi
  log "installing: ${missing[*]} (log: $LOG_DIR/apt.log)"
  local t=$SECONDS created_policy=0
  # never let package scripts start daemons (there is no init system here anyway)
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    created_policy=1
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  local rc=0
  {
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q &&
    apt-get install -y -q --no-install-recommends \
      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
      "${missing[@]}"
  } >>"$LOG_DIR/apt.log" 2>&1 || rc=$?
  if (( created_policy )); then rm -f /usr/sbin/policy-rc.d; trap - EXIT; fi
  if (( rc != 0 )); then
    tail -n 30 "$LOG_DIR/apt.log" >&2
    die "package installation failed (exit $rc); full log: $LOG_DIR/apt.log"
  fi
  log "packages installed in $(( SECONDS - t )) s"
}

ensure_system_user() { # name home
  local u=$1 home=$2
  getent group "$u" >/dev/null || groupadd --system "$u"
  getent passwd "$u" >/dev/null ||
    useradd --system --gid "$u" --home-dir "$home" --no-create-home --shell /usr/sbin/nologin "$u"
}

setup_dirs() {
  mkdir -p "$DC" "$CONF_DIR" "$RUN_DIR" "$LOG_DIR" "$SSH_DIR" "$GPU_DIR"
  chmod 755 "$DC" "$CONF_DIR" "$RUN_DIR" "$LOG_DIR" "$GPU_DIR"
  chmod 700 "$SSH_DIR"
}

setup_var_dir() {
  # Unprivileged daemons must be able to reach $VAR; "nobody" stands in for them.
  if setpriv --reuid=nobody --regid=nogroup --clear-groups test -x "$DC" 2>/dev/null; then
    if [[ -L $VAR ]]; then rm -f "$VAR"; fi
    mkdir -p "$VAR"
  else
    warn "$DC is not reachable by unprivileged users; daemon state goes to $VAR_FALLBACK (symlinked as $VAR)"
    mkdir -p "$VAR_FALLBACK"
    if [[ ! -L $VAR ]]; then
      [[ -e $VAR ]] && rm -rf "$VAR"
      ln -s "$VAR_FALLBACK" "$VAR"
    fi
    VAR=$VAR_FALLBACK
  fi
  chmod 755 "$VAR"
  mkdir -p "$VAR/munge" "$VAR/mysql" "$VAR/slurmctld" "$VAR/slurmdbd" "$VAR/slurmd"
  chown munge:munge "$VAR/munge";         chmod 700 "$VAR/munge"
  chown mysql:mysql "$VAR/mysql";         chmod 750 "$VAR/mysql"
  chown slurm:slurm "$VAR/slurmctld";     chmod 755 "$VAR/slurmctld"
  chown slurm:slurm "$VAR/slurmdbd";      chmod 755 "$VAR/slurmdbd"
  chown root:root   "$VAR/slurmd";        chmod 755 "$VAR/slurmd"
}

setup_mlops() {
  if ! getent passwd "$SSH_USER" >/dev/null; then
    useradd --create-home --home-dir "$SSH_HOME" --shell /bin/bash "$SSH_USER"
    log "created user $SSH_USER"
  fi
  # useradd leaves the password locked ('!'), which sshd without PAM treats as a
  # locked account even for public keys. '*' = no password, but not locked.
  local pw; pw=$(getent shadow "$SSH_USER" | cut -d: -f2)
  [[ $pw == '*' ]] || usermod -p '*' "$SSH_USER"
  local grp; grp=$(id -gn "$SSH_USER")
  mkdir -p "$SSH_HOME/.ssh" "$WORKSPACE"
  chown "$SSH_USER:$grp" "$SSH_HOME" "$SSH_HOME/.ssh" "$WORKSPACE"
  chmod 755 "$SSH_HOME"; chmod 700 "$SSH_HOME/.ssh"; chmod 755 "$WORKSPACE"

  # Keep an existing key pair (the portal's config points at it); create if missing.
  if [[ ! -s $KEY || ! -s $KEY.pub ]]; then
    rm -f "$KEY" "$KEY.pub"
    ssh-keygen -q -t ed25519 -N '' -C "$SSH_USER@dev-cluster:$REPO_ROOT" -f "$KEY"
    log "generated new key pair $KEY"
  fi
  chmod 600 "$KEY"; chmod 644 "$KEY.pub"
  # add our key, keep the keys of other checkouts (worktrees) of the repo
  local ak=$SSH_HOME/.ssh/authorized_keys pub
  pub=$(<"$KEY.pub")
  { if [[ -f $ak ]]; then grep -vxF -- "$pub" "$ak" || true; fi; printf '%s\n' "$pub"; } \
    | write_if_changed "$ak" 600 "$SSH_USER:$grp" || true
}

# Unix accounts alice and bob: home, empty ~/.ssh (700) with an authorized_keys (600) that only they (or a test
# acting as them) fill, and ~/workspace. Keys already in authorized_keys are kept.
setup_members() {
  local u grp home
  for u in "${MEMBERS[@]}"; do
    home=/home/$u
    if ! getent passwd "$u" >/dev/null; then
      useradd --create-home --home-dir "$home" --shell /bin/bash "$u"
      log "created member account $u"
    fi
    [[ $(getent shadow "$u" | cut -d: -f2) == '*' ]] || usermod -p '*' "$u"   # not locked, no password
    grp=$(id -gn "$u")
    mkdir -p "$home/.ssh" "$home/workspace"
    [[ -e $home/.ssh/authorized_keys ]] || : >"$home/.ssh/authorized_keys"
    chown "$u:$grp" "$home" "$home/.ssh" "$home/.ssh/authorized_keys" "$home/workspace"
    chmod 755 "$home"; chmod 700 "$home/.ssh"; chmod 600 "$home/.ssh/authorized_keys"; chmod 755 "$home/workspace"
  done
}

# The sudo mode's rule (the README shows the same text): the service account may run any command as a member,
# without a password, and as nobody else.
sudoers_rule() {
  printf '%s\n' "$MARKER" \
    "$SSH_USER ALL=($(IFS=,; echo "${MEMBERS[*]}")) NOPASSWD: ALL"
}

setup_sudoers() {
  local tmp
  tmp=$(mktemp)
  sudoers_rule >"$tmp"
  if [[ -f $SUDOERS_FILE ]] && cmp -s "$tmp" "$SUDOERS_FILE"; then rm -f "$tmp"; return 0; fi
  chmod 440 "$tmp"
  visudo -c -q -f "$tmp" || { rm -f "$tmp"; die "the sudoers rule does not validate (visudo -c)"; }
  mkdir -p /etc/sudoers.d
  mv -f "$tmp" "$SUDOERS_FILE"
  chown root:root "$SUDOERS_FILE"
  visudo -c -q || die "sudoers no longer validates after writing $SUDOERS_FILE (visudo -c)"
  log "sudoers: $SSH_USER may run commands as ${MEMBERS[*]} ($SUDOERS_FILE)"
}

setup_sshd() {
  if [[ ! -s $SSH_DIR/ssh_host_ed25519_key || ! -s $SSH_DIR/ssh_host_ed25519_key.pub ]]; then
    rm -f "$SSH_DIR/ssh_host_ed25519_key" "$SSH_DIR/ssh_host_ed25519_key.pub"
    ssh-keygen -q -t ed25519 -N '' -C "dev-cluster-host" -f "$SSH_DIR/ssh_host_ed25519_key"
  fi
  chmod 600 "$SSH_DIR/ssh_host_ed25519_key"
  mkdir -p /run/sshd && chmod 755 /run/sshd   # privilege separation dir
  write_if_changed "$CONF_DIR/sshd_config" 644 root:root <<EOF && SSHD_CHANGED=1 || true
$MARKER
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $SSH_DIR/ssh_host_ed25519_key
PidFile $RUN_DIR/sshd.pid
AuthorizedKeysFile .ssh/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitEmptyPasswords no
UsePAM no
PermitRootLogin no
AllowUsers $SSH_USER ${MEMBERS[*]}
StrictModes yes
X11Forwarding no
AllowTcpForwarding no
PrintMotd no
AcceptEnv LANG LC_*
MaxStartups 64:30:128
MaxSessions 32
LogLevel INFO
Subsystem sftp internal-sftp
EOF
  # known_hosts entry in standard format for a non-22 port
  printf '[127.0.0.1]:%s %s\n' "$SSH_PORT" "$(cut -d' ' -f1,2 "$SSH_DIR/ssh_host_ed25519_key.pub")" \
    | write_if_changed "$KNOWN_HOSTS" 644 root:root || true
}

setup_fake_gpus() {
  local i
  for i in 0 1 2 3 4 5; do
    if [[ ! -c $GPU_DIR/gpu$i ]]; then
      rm -f "$GPU_DIR/gpu$i"
      mknod -m 666 "$GPU_DIR/gpu$i" c 1 3
    fi
  done
}

setup_munge() {
  mkdir -p /etc/munge /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /etc/munge /run/munge /var/log/munge /var/lib/munge
  chmod 700 /etc/munge; chmod 755 /run/munge
  if [[ ! -s $MUNGE_KEY ]]; then
    if command -v mungekey >/dev/null; then
      mungekey --create --keyfile="$MUNGE_KEY" --force
    else
      dd if=/dev/urandom of="$MUNGE_KEY" bs=1024 count=1 status=none
    fi
    log "created munge key $MUNGE_KEY"
  fi
  chown munge:munge "$MUNGE_KEY"; chmod 400 "$MUNGE_KEY"
}

db_password() {
  local f=$CONF_DIR/.slurmdbd-db-password
  if [[ ! -s $f ]]; then
    (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$f")
  fi
  chmod 600 "$f"
  cat "$f"
}

write_configs() {
  mkdir -p "$SLURM_ETC"
  local ncpu=8 mem=16000

  # ---- slurm.conf
  local slurm_conf
  slurm_conf=$(cat <<EOF
$MARKER
# Single-node dev cluster "$CLUSTER" on 127.0.0.1 with fake GPUs (see gres.conf).
ClusterName=$CLUSTER
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=slurm
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
SlurmctldPort=6817
SlurmdPort=6818
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
StateSaveLocation=$VAR/slurmctld
SlurmdSpoolDir=$VAR/slurmd
SlurmctldPidFile=$VAR/slurmctld/slurmctld.pid
SlurmdPidFile=$RUN_DIR/slurmd.pid
# logs go to stderr of the foreground daemons -> $LOG_DIR/<daemon>.log
SlurmctldDebug=info
SlurmdDebug=info
SlurmctldSyslogDebug=quiet
SlurmdSyslogDebug=quiet
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
# backfill every 5 s (default 30): a job blocked behind a pending one in the other
# partition on the same node starts within seconds
SchedulerParameters=bf_interval=5
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
GresTypes=gpu
MailProg=/bin/true
ReturnToService=2
EnforcePartLimits=ALL
MinJobAge=300
# room for the benchmarks' held jobs (10 x 1000) beside everyone's tests; ended jobs count for MinJobAge
MaxJobCount=50000
SlurmctldTimeout=10
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
Waittime=0
# accounting through slurmdbd (sacct); comments are stored with the job
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=$NODE
AccountingStoragePort=6819
AccountingStorageTRES=gres/gpu,gres/gpu:a6000,gres/gpu:a100
AccountingStoreFlags=job_comment
# sbatch refuses an account or QoS the user has no association for (as real sites do); without
# it SLURM quietly charges the default account. Changing it needs a slurmctld restart (a full 'up').
AccountingStorageEnforce=associations,qos
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=30
JobCompType=jobcomp/none
# 2 real cores pretend to be 8: config_overrides makes slurmd trust this file
SlurmdParameters=config_overrides
NodeName=$NODE NodeAddr=127.0.0.1 NodeHostname=$NODE CPUs=$ncpu Boards=1 SocketsPerBoard=1 CoresPerSocket=$ncpu ThreadsPerCore=1 RealMemory=$mem Gres=gpu:a6000:4,gpu:a100:2 State=UNKNOWN
PartitionName=gpu Nodes=$NODE Default=YES MaxTime=1-00:00:00 DefaultTime=01:00:00 State=UP
PartitionName=debug Nodes=$NODE Default=NO MaxTime=01:00:00 DefaultTime=00:10:00 State=UP
EOF
)
  local gres_conf
  gres_conf=$(cat <<EOF
$MARKER
# Fake GPUs: each "device" is a char device (1:3, like /dev/null) so slurmd accepts it.
AutoDetect=off
NodeName=$NODE Name=gpu Type=a6000 File=$GPU_DIR/gpu[0-3]
NodeName=$NODE Name=gpu Type=a100 File=$GPU_DIR/gpu[4-5]
EOF
)
  local dbd_conf
  dbd_conf=$(cat <<EOF
$MARKER
AuthType=auth/munge
DbdHost=$NODE
DbdAddr=127.0.0.1
DbdPort=6819
SlurmUser=slurm
DebugLevel=info
DebugLevelSyslog=quiet
PidFile=$VAR/slurmdbd/slurmdbd.pid
StorageType=accounting_storage/mysql
StorageHost=localhost
StorageUser=slurm
StoragePass=$(db_password)
StorageLoc=slurm_acct_db
EOF
)
  # back up a foreign slurm.conf once (this script owns /etc/slurm afterwards)
  local f
  for f in slurm.conf gres.conf slurmdbd.conf; do
    if [[ -f $SLURM_ETC/$f ]] && ! grep -qF "$MARKER" "$SLURM_ETC/$f" && [[ ! -e $SLURM_ETC/$f.before-dev-cluster ]]; then
      cp -p "$SLURM_ETC/$f" "$SLURM_ETC/$f.before-dev-cluster"
      warn "saved the existing $SLURM_ETC/$f as $SLURM_ETC/$f.before-dev-cluster"
    fi
  done
  write_if_changed "$SLURM_ETC/slurm.conf" 644 root:root <<<"$slurm_conf" && SLURM_CHANGED=1 || true
  write_if_changed "$SLURM_ETC/gres.conf"  644 root:root <<<"$gres_conf"  && SLURM_CHANGED=1 || true
  write_if_changed "$SLURM_ETC/slurmdbd.conf" 600 slurm:slurm <<<"$dbd_conf" && DBD_CHANGED=1 || true
  write_if_changed "$CONF_DIR/slurm.conf" 644 root:root <<<"$slurm_conf" || true
  write_if_changed "$CONF_DIR/gres.conf"  644 root:root <<<"$gres_conf"  || true
  write_if_changed "$CONF_DIR/slurmdbd.conf" 600 root:root <<<"$dbd_conf" || true

  # ---- MariaDB (socket only; datadir under $VAR)
  write_if_changed "$CONF_DIR/my.cnf" 644 root:root <<EOF && MYSQL_CHANGED=1 || true
$MARKER
[mysqld]
user=mysql
datadir=$VAR/mysql/data
socket=$MYSQL_SOCK
pid-file=$VAR/mysql/mariadbd.pid
skip-networking
skip-name-resolve
innodb_buffer_pool_size=64M
innodb_log_file_size=32M
innodb_lock_wait_timeout=900
performance_schema=OFF
max_connections=64
character-set-server=utf8mb4

[client]
socket=$MYSQL_SOCK
EOF
}

start_munged() {
  daemon_alive munged && { log "munged already running"; return 0; }
  [[ -S /run/munge/munge.socket.2 ]] && timeout 5 munge -n </dev/null >/dev/null 2>&1 &&
    die "a munged not started by $0 is already running on /run/munge/munge.socket.2 (another checkout's dev cluster whose data dir is gone, or the system's munge); stop it first"
  start_daemon munged setpriv --reuid=munge --regid=munge --init-groups \
    /usr/sbin/munged --foreground --force \
    --key-file="$MUNGE_KEY" --pid-file="$VAR/munge/munged.pid" \
    --seed-file="$VAR/munge/munged.seed"
  wait_until 20 "munged answers" munged bash -c 'munge -n </dev/null | unmunge'
  log "munged ready"
}

mysql_root() { timeout 30 mariadb --no-defaults --socket="$MYSQL_SOCK" -uroot "$@"; }

start_mariadb() {
  if daemon_alive mariadb && (( MYSQL_CHANGED )); then stop_daemon mariadb; fi
  if ! daemon_alive mariadb; then
    mkdir -p /run/mysqld; chown mysql:mysql /run/mysqld; chmod 755 /run/mysqld
    if [[ -S $MYSQL_SOCK ]]; then
      if mysql_root -e 'SELECT 1' >/dev/null 2>&1; then
        die "a MariaDB not started by $0 is listening on $MYSQL_SOCK; stop it first"
      fi
      rm -f "$MYSQL_SOCK"
    fi
    if [[ ! -d $VAR/mysql/data/mysql ]]; then
      log "initialising MariaDB datadir $VAR/mysql/data"
      rm -rf "$VAR/mysql/data"
      mariadb-install-db --defaults-file="$CONF_DIR/my.cnf" --user=mysql \
        --auth-root-authentication-method=socket --skip-test-db \
        >>"$LOG_DIR/mariadb-install.log" 2>&1 \
        || { tail -n 20 "$LOG_DIR/mariadb-install.log" >&2; die "mariadb-install-db failed"; }
    fi
    start_daemon mariadb /usr/sbin/mariadbd --defaults-file="$CONF_DIR/my.cnf"
  fi
  wait_until 60 "MariaDB answers on $MYSQL_SOCK" mariadb mysql_root -e 'SELECT 1'
  local pw; pw=$(db_password)
  mysql_root <<EOF
CREATE DATABASE IF NOT EXISTS slurm_acct_db;
CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY '$pw';
ALTER USER 'slurm'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON slurm_acct_db.* TO 'slurm'@'localhost';
FLUSH PRIVILEGES;
EOF
  log "MariaDB ready"
}

start_slurmdbd() {
  if daemon_alive slurmdbd && (( DBD_CHANGED )); then stop_daemon slurmdbd; fi
  daemon_alive slurmdbd || start_daemon slurmdbd /usr/sbin/slurmdbd -D
  wait_until 60 "slurmdbd answers (sacctmgr)" slurmdbd timeout 10 sacctmgr -n -P show cluster format=cluster
  log "slurmdbd ready"
}

# Charge accounts and QoS the launch form offers (sacctmgr -nP show assoc user=<u>):
#   lab     mlops (default), root
#   vision  alice (her default), mlops            qos normal,high
#   nlp     alice, bob (his default), mlops       qos normal
#           alice also on partition debug         qos normal,high
# Only associations: the Unix users need not exist for them. Check before add, so
# re-running changes nothing; a changed line here is not applied to an existing one.
CHARGE_QOS=(normal high)
# account | user | partition (empty: any) | qos list | default account of a new user
CHARGE_ASSOCS=(
  "$ACCOUNT|$SSH_USER|||$ACCOUNT"
  "$ACCOUNT|root|||"
  "vision|alice||normal,high|vision"
  "vision|$SSH_USER||normal,high|"
  "nlp|alice||normal|"
  "nlp|alice|debug|normal,high|"
  "nlp|bob||normal|nlp"
  "nlp|$SSH_USER||normal|"
)

ensure_account() { # name description
  local out
  out=$(timeout 10 sacctmgr -n -P show account "$1" format=account) || die "sacctmgr show account failed"
  grep -qx "$1" <<<"$out" && return 0
  timeout 20 sacctmgr -i add account "$1" cluster="$CLUSTER" description="$2" organization=mission-control \
    >/dev/null || die "sacctmgr add account $1 failed"
}

setup_accounting() {
  local out q line a u p qos def
  out=$(timeout 10 sacctmgr -n -P show cluster format=cluster) || die "sacctmgr show cluster failed"
  if ! grep -qx "$CLUSTER" <<<"$out"; then
    timeout 20 sacctmgr -i add cluster "$CLUSTER" >/dev/null || die "sacctmgr add cluster $CLUSTER failed"
  fi
  out=$(timeout 10 sacctmgr -n -P show qos format=name) || die "sacctmgr show qos failed"
  for q in "${CHARGE_QOS[@]}"; do
    grep -qx "$q" <<<"$out" && continue
    timeout 20 sacctmgr -i add qos "$q" >/dev/null || die "sacctmgr add qos $q failed"
  done
  ensure_account "$ACCOUNT" "Mission Control dev"
  ensure_account vision "Mission Control dev: vision group"
  ensure_account nlp "Mission Control dev: NLP group"
  for line in "${CHARGE_ASSOCS[@]}"; do
    IFS='|' read -r a u p qos def <<<"$line"
    out=$(timeout 10 sacctmgr -n -P show assoc where cluster="$CLUSTER" account="$a" user="$u" \
      format=user,partition) || die "sacctmgr show assoc failed"
    grep -qx "$u|$p" <<<"$out" && continue
    local args=(account="$a" cluster="$CLUSTER")
    [[ -n $p ]] && args+=(partition="$p")
    [[ -n $qos ]] && args+=(qos="$qos")
    # a user's first association needs a default account; later ones keep it
    if [[ -n $def ]] && ! timeout 10 sacctmgr -n -P show user "$u" format=user | grep -qx "$u"; then
      args+=(defaultaccount="$def")
    fi
    timeout 20 sacctmgr -i add user "$u" "${args[@]}" >/dev/null || die "sacctmgr add user $u (account $a) failed"
  done
  log "accounting: cluster $CLUSTER, accounts $ACCOUNT/vision/nlp, qos ${CHARGE_QOS[*]}, users $SSH_USER, root, alice, bob"
}

start_slurmctld() {
  if daemon_alive slurmctld && (( SLURM_CHANGED )); then stop_daemon slurmctld; fi
  daemon_alive slurmctld || start_daemon slurmctld /usr/sbin/slurmctld -D
  wait_until 60 "slurmctld answers (sinfo)" slurmctld timeout 5 sinfo -h -o %P
  log "slurmctld ready"
}

# true once the running slurmd has registered with slurmctld (SlurmdStartTime
# is not older than the slurmd process), not just a node state left in the state file
slurmd_registered() {
  local pid started reg
  pid=$(daemon_pid slurmd) || return 1
  started=$(date -d "$(ps -o lstart= -p "$pid")" +%s) || return 1
  reg=$(timeout 5 scontrol show node "$NODE" 2>/dev/null | sed -n 's/.*SlurmdStartTime=\([^ ]*\).*/\1/p')
  [[ -n $reg && $reg != None ]] || return 1
  (( $(date -d "$reg" +%s) >= started ))
}

start_slurmd() {
  if daemon_alive slurmd && (( SLURM_CHANGED )); then stop_daemon slurmd; fi
  daemon_alive slurmd || start_daemon slurmd /usr/sbin/slurmd -D -N "$NODE"
  # wait until the node registered; resume it if an earlier run left it drained/down
  local deadline=$(( $(date +%s) + 60 )) resumed=0 s
  while true; do
    daemon_alive slurmd || { show_log_tail slurmd; die "slurmd exited (log: $LOG_DIR/slurmd.log)"; }
    s=$(node_state || true)
    case $s in
      idle|mixed|allocated|completing) slurmd_registered && break ;;
      drain*|down|fail*)
        if (( ! resumed )); then
          log "node $NODE is '$s' (reason: $(timeout 5 sinfo -h -N -n "$NODE" -o %E 2>/dev/null || true)); resuming it"
          timeout 10 scontrol update nodename="$NODE" state=resume || true
          resumed=1
        fi ;;
    esac
    if (( $(date +%s) >= deadline )); then
      show_log_tail slurmd; show_log_tail slurmctld
      die "node $NODE did not become idle within 60 s (state: '${s:-?}', reason: $(timeout 5 sinfo -h -N -n "$NODE" -o %E 2>/dev/null || true))"
    fi
    sleep 0.3
  done
  log "slurmd ready (node $NODE: $s)"
}

start_sshd() {
  if daemon_alive sshd && (( SSHD_CHANGED )); then reload_sshd "$CONF_DIR/sshd_config"; fi
  if ! daemon_alive sshd; then
    /usr/sbin/sshd -t -f "$CONF_DIR/sshd_config" || die "sshd config test failed ($CONF_DIR/sshd_config)"
    start_daemon sshd /usr/sbin/sshd -D -e -f "$CONF_DIR/sshd_config"
  fi
  wait_until 20 "ssh $SSH_USER@127.0.0.1:$SSH_PORT works" sshd ssh_mlops true
  log "sshd ready on 127.0.0.1:$SSH_PORT"
}

# A changed sshd_config reaches the running sshd by SIGHUP (it re-executes itself with the new config): open
# sessions of other engineers keep running, and a config that fails `sshd -t` is never loaded.
reload_sshd() { # config
  local pid
  /usr/sbin/sshd -t -f "$1" || die "sshd config test failed ($1)"
  pid=$(daemon_pid sshd) || return 0
  kill -HUP "$pid"
  log "sshd reloaded ($1)"
}

# Attached to another checkout's running cluster: its sshd reads that checkout's sshd_config. Regenerate it
# (same content this script writes, with that checkout's paths) so that it admits the members too.
update_attached_sshd() { # other data/dev-cluster
  local other=$1
  (
    SSH_DIR=$other/ssh RUN_DIR=$other/run CONF_DIR=$other/conf KNOWN_HOSTS=$other/known_hosts SSHD_CHANGED=0
    setup_sshd
    if (( SSHD_CHANGED )); then reload_sshd "$CONF_DIR/sshd_config"; fi
  )
}

write_clusters_yaml() {
  write_if_changed "$CLUSTERS_YAML" 644 root:root <<EOF || true
# Generated by scripts/dev-cluster.sh: the local single-node SLURM test bed.
clusters:
  - name: $CLUSTER
    host: 127.0.0.1
    port: $SSH_PORT
    user: $SSH_USER
    key_path: $KEY
    known_hosts: $KNOWN_HOSTS
    workspace: /home/{user}/workspace
    partitions: [gpu, debug]
    gpu_types: [a6000, a100]
  # The same machine with members' jobs run through sudo -n -u (the sudoers rule of the sudo mode).
  - name: $CLUSTER-sudo
    host: 127.0.0.1
    port: $SSH_PORT
    user: $SSH_USER
    key_path: $KEY
    known_hosts: $KNOWN_HOSTS
    workspace: /home/{user}/workspace
    run_as: sudo
    partitions: [gpu, debug]
    gpu_types: [a6000, a100]
EOF
  # under sudo, let the invoking developer (and the portal run by them) read the key
  if [[ -n ${SUDO_USER:-} && $SUDO_USER != root ]] && getent passwd "$SUDO_USER" >/dev/null; then
    chown "$SUDO_USER" "$KEY" "$KEY.pub" "$KNOWN_HOSTS" "$CLUSTERS_YAML"
  fi
}

files_present() {
  [[ -s $KEY && -s $KNOWN_HOSTS && -s $CLUSTERS_YAML && -s $SSH_HOME/.ssh/authorized_keys && -s $SUDOERS_FILE ]] &&
    grep -qF "$KEY" "$CLUSTERS_YAML" && members_present
}

members_present() {
  local u
  for u in "${MEMBERS[@]}"; do [[ -d /home/$u/workspace && -f /home/$u/.ssh/authorized_keys ]] || return 1; done
}

# Fingerprint of this script: a successful 'up' records it, so that an edited
# script (new config) makes the next 'up' go through the full path again.
script_stamp() { sha256sum "$SCRIPT_DIR/$(basename -- "${BASH_SOURCE[0]}")" | cut -d' ' -f1; }
stamp_matches() { [[ -s $RUN_DIR/up.stamp && $(<"$RUN_DIR/up.stamp") == "$(script_stamp)" ]]; }

# ----------------------------------------------------------------------------- commands
cmd_up() {
  require_root up
  case $REPO_ROOT in *[[:space:]]*) die "repo path must not contain whitespace: $REPO_ROOT" ;; esac
  mkdir -p "$LOG_DIR"
  take_lock

  if command -v sinfo >/dev/null && stamp_matches && all_daemons_alive && node_usable && files_present; then
    log "already running (nothing to do)"
    cmd_status_summary
    log "config: $CLUSTERS_YAML"
    return 0
  fi

  local other
  if other=$(other_home); then
    if ( RUN_DIR=$other/run; all_daemons_alive && node_usable ); then
      attach_to "$other"
      return 0
    fi
    warn "the dev cluster started from $other is only partly running; stopping it to start this checkout's"
    ( RUN_DIR=$other/run; stop_all )
  fi

  SLURM_CHANGED=0 DBD_CHANGED=0 MYSQL_CHANGED=0 SSHD_CHANGED=0
  install_packages
  local n
  for n in "${START_ORDER[@]}"; do
    [[ -x ${EXE[$n]} ]] || die "${EXE[$n]} missing after installation"
  done
  ensure_system_user munge /nonexistent
  ensure_system_user mysql /nonexistent
  ensure_system_user slurm /nonexistent
  setup_dirs
  setup_var_dir
  setup_mlops
  setup_members
  setup_sudoers
  setup_sshd
  setup_fake_gpus
  setup_munge
  write_configs
  log "configuration written ($SLURM_ETC, copies in $CONF_DIR)"
  printf '%s\n' "$DC" >"$ACTIVE_HOME_FILE"

  start_munged
  start_mariadb
  start_slurmdbd
  setup_accounting
  start_slurmctld
  start_slurmd
  start_sshd
  ssh_mlops sinfo -h -o %P >/dev/null || die "sinfo over ssh as $SSH_USER failed"
  write_clusters_yaml
  script_stamp >"$RUN_DIR/up.stamp"
  cmd_status_summary
  log "config: $CLUSTERS_YAML"
  log "up: done in $(elapsed) s"
}

# Another checkout's cluster is running: use it. Our own key pair is added to
# mlops' authorized_keys, the host key comes from that checkout's known_hosts.
attach_to() {
  local other=$1
  log "the dev cluster is running, started from $other: using it"
  install_packages
  setup_dirs
  setup_mlops
  setup_accounting   # associations live in the shared slurmdbd: this checkout's list is added too
  setup_members
  setup_sudoers
  update_attached_sshd "$other"
  write_if_changed "$KNOWN_HOSTS" 644 root:root <"$other/known_hosts" || true
  wait_until 20 "ssh $SSH_USER@127.0.0.1:$SSH_PORT with $KEY" "" ssh_mlops sinfo -h -o %P
  write_clusters_yaml
  ( RUN_DIR=$other/run; cmd_status_summary )
  log "config: $CLUSTERS_YAML"
  log "up: done in $(elapsed) s"
}

cmd_down() {
  require_root down
  take_lock
  local other
  if other=$(other_home); then
    log "the running dev cluster was started from $other, not from this checkout: leaving it running"
    log "(stop it with: ${other%/data/dev-cluster}/scripts/dev-cluster.sh down)"
    return 0
  fi
  if any_daemon_alive; then
    stop_all
  else
    log "nothing of ours was running"
    rm -f "$RUN_DIR"/*.pid 2>/dev/null || true
  fi
  if [[ -s $ACTIVE_HOME_FILE && $(<"$ACTIVE_HOME_FILE") == "$DC" ]]; then rm -f "$ACTIVE_HOME_FILE"; fi
  log "down: done in $(elapsed) s"
}

cmd_status_summary() {
  local n pid
  for n in "${START_ORDER[@]}"; do
    if pid=$(daemon_pid "$n"); then
      printf '  %-10s running (pid %s)\n' "$n" "$pid"
    else
      printf '  %-10s stopped\n' "$n"
    fi
  done
  if command -v sinfo >/dev/null && daemon_alive slurmctld; then
    timeout 10 sinfo -h -o '  partition %P avail=%a timelimit=%l nodes=%D state=%t gres=%G' 2>/dev/null \
      || printf '  sinfo: no answer\n'
  fi
}

cmd_status() {
  command -v sinfo >/dev/null || { log "NOT OK: SLURM is not installed (run: $0 up)"; exit 1; }
  local s="" rc=0 n down=() other
  if other=$(other_home); then
    RUN_DIR=$other/run
    log "(the running dev cluster was started from $other)"
  fi
  for n in "${START_ORDER[@]}"; do daemon_alive "$n" || down+=("$n"); done
  if ! daemon_alive slurmctld; then
    log "NOT OK: the dev cluster's slurmctld is not running (start it: $0 up)"; rc=1
  elif ! s=$(node_state); then
    log "NOT OK: sinfo does not answer"; rc=1
  else
    case $s in
      idle|mixed|allocated|completing)
        if (( ${#down[@]} )); then
          log "NOT OK: node $NODE is $s, but not running: ${down[*]} (start them: $0 up)"; rc=1
        else
          log "OK: cluster $CLUSTER, node $NODE is $s"
        fi ;;
      *) log "NOT OK: node $NODE is '$s' (reason: $(timeout 5 sinfo -h -N -n "$NODE" -o %E 2>/dev/null || true))"; rc=1 ;;
    esac
  fi
  cmd_status_summary
  if [[ -s $CLUSTERS_YAML ]]; then
    log "ssh:    ssh -i $KEY -p $SSH_PORT -o UserKnownHostsFile=$KNOWN_HOSTS $SSH_USER@127.0.0.1"
    log "config: $CLUSTERS_YAML"
  fi
  return $rc
}

usage() {
  cat <<EOF
Usage: $0 up|down|status

  up      install missing Debian packages, configure and start a single-node SLURM
          cluster "$CLUSTER" (slurmctld, slurmd, slurmdbd + MariaDB, munged) and an
          sshd on 127.0.0.1:$SSH_PORT for user $SSH_USER; writes $CLUSTERS_YAML.
          Returns quickly if everything is already up. Needs root.
  down    stop the daemons that 'up' started (pid files in $RUN_DIR).
  status  exit 0 only if sinfo answers, node $NODE is idle/mixed/allocated (or
          completing) and all six daemons run; prints a short summary.

State: $DC (see the comment at the top of this script).
EOF
}

case ${1:-} in
  up)     cmd_up ;;
  down)   cmd_down ;;
  status) cmd_status ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
