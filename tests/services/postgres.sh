#!/usr/bin/env bash
# Throw-away PostgreSQL 15 server on 127.0.0.1 for Chancery's integration tests.
#
# Usage: tests/services/postgres.sh start|stop|url|status
#
#   start   Install postgresql-15 with apt-get if needed, stop and wipe any
#           server left in the state dir, initdb a fresh cluster, start it and
#           create role "chancery" (LOGIN CREATEDB) and database
#           "chancery_test" owned by it.  Prints exactly one line on stdout:
#           the connection URL.  Everything else goes to stderr.
#   stop    Stop the server (pg_ctl stop -m fast) if running and remove the
#           state dir.  Idempotent.
#   url     Print the connection URL.
#   status  Exit 0 if the server is running, 3 if not.
#
# Environment:
#   CHANCERY_PG_DIR            state dir (default /tmp/chancery-pg); wiped by
#                              start/stop, so it must be empty, absent, or a
#                              dir previously created by this script
#   CHANCERY_PG_PORT           TCP port on 127.0.0.1 (default 55432)
#   CHANCERY_PG_START_TIMEOUT  seconds to wait for start/stop (default 60)
#
# Never touches the system cluster(s) under /etc/postgresql.  Must run as root
# (or as the postgres OS user when postgresql-15 is already installed).

set -euo pipefail

# All chatter to stderr; the only stdout output is written to fd 3.
exec 3>&1 1>&2

readonly PG_MAJOR=15
readonly PG_BIN="/usr/lib/postgresql/${PG_MAJOR}/bin"
readonly INITDB="${PG_BIN}/initdb"
readonly PG_CTL="${PG_BIN}/pg_ctl"
readonly PSQL="${PG_BIN}/psql"
readonly PG_USER=postgres
readonly DB_ROLE=chancery
readonly DB_NAME=chancery_test
readonly MARKER_NAME=.chancery-pg-state
SERVICES_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
readonly SERVICES_DIR
readonly POLICY_RC=/usr/sbin/policy-rc.d
readonly POLICY_RC_SAVE=/usr/sbin/policy-rc.d.chancery-pg-saved
readonly POLICY_RC_TAG='# chancery-pg: temporary policy-rc.d'

PORT="${CHANCERY_PG_PORT:-55432}"
TIMEOUT="${CHANCERY_PG_START_TIMEOUT:-60}"

log() { printf 'postgres.sh: %s\n' "$*" >&2; }
die() { printf 'postgres.sh: error: %s\n' "$*" >&2; exit 1; }

# Caller's PG* variables (PGHOST, PGUSER, PGDATA, PGSERVICE, PGOPTIONS, ...)
# would redirect or alter our pg_ctl/psql calls.
while IFS= read -r _v; do unset "$_v"; done < <(compgen -e -X '!PG*' || true)
unset _v

if ! [[ "$PORT" =~ ^[0-9]{1,5}$ ]] || (( 10#$PORT < 1 || 10#$PORT > 65535 )); then
    die "CHANCERY_PG_PORT must be a TCP port number (1-65535), got '${PORT}'"
fi
PORT=$(( 10#$PORT ))
if ! [[ "$TIMEOUT" =~ ^[0-9]{1,6}$ ]] || (( 10#$TIMEOUT < 1 )); then
    die "CHANCERY_PG_START_TIMEOUT must be a positive number of seconds, got '${TIMEOUT}'"
fi
TIMEOUT=$(( 10#$TIMEOUT ))
readonly PORT TIMEOUT

_raw_dir="${CHANCERY_PG_DIR:-/tmp/chancery-pg}"
[[ -n "$_raw_dir" ]] || die "CHANCERY_PG_DIR is empty"
STATE_DIR="$(realpath -m -- "$_raw_dir")"
unset _raw_dir
case "$STATE_DIR" in
    / | /bin | /boot | /dev | /etc | /home | /lib | /lib64 | /opt | /proc | /root | \
    /run | /sbin | /srv | /sys | /tmp | /usr | /var | /var/tmp | /var/lib | /work)
        die "refusing to use '${STATE_DIR}' as the state dir (it gets wiped)" ;;
esac
readonly STATE_DIR
readonly DATA_DIR="${STATE_DIR}/data"
readonly SOCK_DIR="${STATE_DIR}/run"
readonly LOG_FILE="${STATE_DIR}/postgres.log"
readonly MARKER="${STATE_DIR}/${MARKER_NAME}"
readonly URL="postgresql://${DB_ROLE}@127.0.0.1:${PORT}/${DB_NAME}"

# PostgreSQL binaries refuse to run as root, and the cwd of the caller may be
# unreadable for the postgres user.
cd /

# fd 3 (our real stdout) and fds 8/9 (locks) must not leak into the
# postmaster: it would hold the caller's pipe open (hanging "$(... start)")
# and keep the locks forever.
as_pg() {
    if (( EUID == 0 )); then
        runuser -u "$PG_USER" -- "$@" 3>&- 8>&- 9>&-
    elif [[ "$(id -un)" == "$PG_USER" ]]; then
        "$@" 3>&- 8>&- 9>&-
    else
        die "must run as root (or as the '${PG_USER}' user)"
    fi
}

# ---------------------------------------------------------------- cleanup ---

# shellcheck source=tests/services/policy_rc.sh
source "${SERVICES_DIR}/policy_rc.sh"
SERVER_LAUNCHED=0    # start: pg_ctl start was attempted, URL not yet printed

on_exit() {
    local rc=$?
    if (( POLICY_RC_ACTIVE )); then
        restore_policy_rc || log "warning: could not restore ${POLICY_RC}"
    fi
    if (( rc != 0 && SERVER_LAUNCHED )) && server_running; then
        log "start failed; stopping the half-started server"
        ( stop_server ) || true
    fi
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ---------------------------------------------------------- installation ---


apt_install() {
    DEBIAN_FRONTEND=noninteractive apt-get \
        -o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0 \
        -y --no-install-recommends "$@" install postgresql-${PG_MAJOR} </dev/null 3>&- 8>&-
}

take_install_lock() {
    exec 8>/run/chancery-pg-install.lock
    flock -w 900 8 || die "timed out waiting for /run/chancery-pg-install.lock"
}

ensure_installed() {
    # Clean up after a run that was SIGKILLed during the install (waiting
    # for any install in progress, which legitimately has our file in place).
    if (( EUID == 0 )) && grep -qF "$POLICY_RC_TAG" "$POLICY_RC" 2>/dev/null; then
        take_install_lock
        recover_policy_rc
        exec 8>&-
    fi
    if [[ -x "$INITDB" && -x "$PG_CTL" && -x "$PSQL" ]]; then
        return 0
    fi
    (( EUID == 0 )) || die "${INITDB} is missing and installing postgresql-${PG_MAJOR} needs root"
    command -v apt-get >/dev/null || die "${INITDB} is missing and apt-get is not available"

    # Serialise installs: concurrent runs would clobber each other's
    # policy-rc.d backup.
    take_install_lock
    if [[ -x "$INITDB" && -x "$PG_CTL" && -x "$PSQL" ]]; then
        exec 8>&-
        return 0
    fi

    local extra=()
    if [[ "$(dpkg-query -W -f='${db:Status-Status}' "postgresql-${PG_MAJOR}" 2>/dev/null || true)" == installed ]]; then
        log "postgresql-${PG_MAJOR} is installed according to dpkg but its binaries are missing; reinstalling"
        extra=(--reinstall)
    else
        log "installing postgresql-${PG_MAJOR} with apt-get"
    fi

    install_policy_rc
    # "apt-get install --reinstall" exits 0 when the .deb cannot be fetched,
    # so success means: apt-get succeeded AND the binaries are there.
    if ! apt_install "${extra[@]}" || [[ ! -x "$INITDB" ]]; then
        log "apt-get install failed; running apt-get update and retrying"
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update </dev/null 3>&- 8>&- ||
            die "apt-get update failed"
        apt_install "${extra[@]}" || die "apt-get install postgresql-${PG_MAJOR} failed"
    fi
    restore_policy_rc
    POLICY_RC_ACTIVE=0
    exec 8>&-

    [[ -x "$INITDB" && -x "$PG_CTL" && -x "$PSQL" ]] ||
        die "postgresql-${PG_MAJOR} installed but ${PG_BIN} lacks initdb/pg_ctl/psql"
    log "postgresql-${PG_MAJOR} installed"
}

# ---------------------------------------------------------------- server ---

take_lock() {
    mkdir -p -- "$(dirname -- "$STATE_DIR")"
    exec 9>"${STATE_DIR}.lock"
    if ! flock -w "$(( TIMEOUT * 3 ))" 9; then
        die "timed out waiting for lock ${STATE_DIR}.lock (another start/stop running?)"
    fi
}

# Refuse to wipe a directory we did not create.
check_state_dir_is_ours() {
    [[ -e "$STATE_DIR" ]] || return 0
    [[ -d "$STATE_DIR" && ! -L "$STATE_DIR" ]] || die "state dir ${STATE_DIR} exists and is not a directory"
    [[ -e "$MARKER" ]] && return 0
    if [[ -n "$(ls -A -- "$STATE_DIR")" ]]; then
        die "state dir ${STATE_DIR} is not empty and was not created by this script; refusing to wipe it"
    fi
}

postmaster_pid() {
    local pid
    pid="$(head -n 1 -- "${DATA_DIR}/postmaster.pid" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] && printf '%s\n' "$pid"
}

# True if the postmaster recorded in DATA_DIR is alive (works even when the
# binaries are gone).
server_running() {
    local pid
    pid="$(postmaster_pid)" || return 1
    [[ -d "/proc/${pid}" ]] || return 1
    # A killed postmaster can linger as a zombie if PID 1 is slow to reap.
    local stat
    stat="$(cat "/proc/${pid}/stat" 2>/dev/null)" || return 1
    stat="${stat##*) }"
    [[ "${stat:0:1}" != [ZX] ]] || return 1
    local cwd
    if cwd="$(readlink "/proc/${pid}/cwd" 2>/dev/null)"; then
        # The postmaster chdir()s into its data dir; anything else is a
        # stale postmaster.pid whose PID got reused.
        [[ "$cwd" == "$DATA_DIR" ]]
        return
    fi
    # /proc/PID/cwd is unreadable without privileges; fall back to pg_ctl.
    [[ -x "$PG_CTL" ]] && as_pg "$PG_CTL" -D "$DATA_DIR" status >/dev/null 2>&1
}

stop_server() {
    server_running || return 0
    local pid
    pid="$(postmaster_pid)"
    log "stopping PostgreSQL server (pid ${pid}) in ${DATA_DIR}"
    if [[ -x "$PG_CTL" ]]; then
        if ! as_pg "$PG_CTL" -D "$DATA_DIR" -m fast -w -t "$TIMEOUT" stop >&2; then
            log "fast shutdown failed; trying immediate shutdown"
            as_pg "$PG_CTL" -D "$DATA_DIR" -m immediate -w -t "$TIMEOUT" stop >&2 || true
        fi
    else
        kill -INT "$pid" 2>/dev/null || true
        local i
        for (( i = 0; i < TIMEOUT * 10; i++ )); do
            [[ -d "/proc/${pid}" ]] || break
            sleep 0.1
        done
    fi
    if [[ -d "/proc/${pid}" && "$(readlink "/proc/${pid}/cwd" 2>/dev/null || true)" == "$DATA_DIR" ]]; then
        log "postmaster ${pid} still alive; killing it"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 1
    fi
    if server_running; then
        die "could not stop the PostgreSQL server in ${DATA_DIR} (pid ${pid})"
    fi
}

wipe_state_dir() {
    check_state_dir_is_ours
    stop_server
    rm -rf -- "$STATE_DIR"
}

port_in_use() {
    # Anything accepting connections on 127.0.0.1:PORT (incl. 0.0.0.0 binds).
    (exec 4<>"/dev/tcp/127.0.0.1/${PORT}") 2>/dev/null
}

server_log_tail() {
    if [[ -s "$LOG_FILE" ]]; then
        log "last lines of ${LOG_FILE}:"
        tail -n 40 -- "$LOG_FILE" | sed 's/^/    /' >&2
    fi
}

pick_locale() {
    if locale -a 2>/dev/null | grep -qixE 'c\.utf-?8'; then
        echo C.UTF-8
    else
        echo C
    fi
}

psql_admin() {
    as_pg "$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$SOCK_DIR" -p "$PORT" -U "$PG_USER" -d postgres "$@"
}

cmd_start() {
    ensure_installed
    id -u "$PG_USER" >/dev/null 2>&1 || die "OS user '${PG_USER}' does not exist"
    take_lock

    if [[ -e "$STATE_DIR" ]]; then
        log "wiping previous state in ${STATE_DIR}"
        wipe_state_dir
    fi

    # Unix socket paths are limited to 107 bytes.
    local sock_path="${SOCK_DIR}/.s.PGSQL.${PORT}"
    (( ${#sock_path} <= 107 )) ||
        die "socket path ${sock_path} is too long (${#sock_path} > 107 bytes); use a shorter CHANCERY_PG_DIR"

    if port_in_use; then
        die "something is already listening on 127.0.0.1:${PORT} (not a server from ${STATE_DIR}); set CHANCERY_PG_PORT or stop it (see: ss -ltnp 'sport = :${PORT}')"
    fi

    mkdir -p -- "$STATE_DIR"
    : >"$MARKER"
    mkdir -p -- "$SOCK_DIR"
    if (( EUID == 0 )); then
        chown -R "$PG_USER:" "$STATE_DIR"
    fi
    chmod 0755 "$STATE_DIR" "$SOCK_DIR"
    as_pg test -w "$STATE_DIR" -a -x "$STATE_DIR" ||
        die "user '${PG_USER}' cannot write to ${STATE_DIR}; check the permissions of its parent directories"

    local loc
    loc="$(pick_locale)"
    log "initdb ${DATA_DIR} (locale ${loc}, UTF8)"
    as_pg "$INITDB" -D "$DATA_DIR" -U "$PG_USER" --auth=trust \
        --encoding=UTF8 --locale="$loc" --no-sync --no-instructions >&2 ||
        die "initdb failed for ${DATA_DIR}"

    cat >>"${DATA_DIR}/postgresql.conf" <<EOF

# ---- chancery tests (tests/services/postgres.sh) ----
listen_addresses = '127.0.0.1'
port = ${PORT}
unix_socket_directories = '${SOCK_DIR}'
max_connections = 200
synchronous_commit = off
timezone = 'UTC'
log_timezone = 'UTC'
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
EOF
    cat >"${DATA_DIR}/pg_hba.conf" <<EOF
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  trust
EOF
    if (( EUID == 0 )); then
        chown "$PG_USER:" "${DATA_DIR}/postgresql.conf" "${DATA_DIR}/pg_hba.conf"
    fi

    log "starting PostgreSQL ${PG_MAJOR} on 127.0.0.1:${PORT} (log: ${LOG_FILE})"
    SERVER_LAUNCHED=1
    if ! as_pg "$PG_CTL" -D "$DATA_DIR" -l "$LOG_FILE" -w -t "$TIMEOUT" start >&2; then
        server_log_tail
        die "PostgreSQL server failed to start (pg_ctl start -w -t ${TIMEOUT}); see the log above"
    fi

    if ! psql_admin -f - <<EOF
CREATE ROLE ${DB_ROLE} LOGIN CREATEDB;
CREATE DATABASE ${DB_NAME} OWNER ${DB_ROLE};
EOF
    then
        server_log_tail
        die "could not create role '${DB_ROLE}' / database '${DB_NAME}'"
    fi

    # Sanity check through the same path the tests will use.
    local who
    if ! who="$("$PSQL" -X -At -d "$URL" -c 'select current_user || $$@$$ || current_database()' 2>&1 9>&-)" ||
        [[ "$who" != "${DB_ROLE}@${DB_NAME}" ]]; then
        server_log_tail
        die "server started but connecting to ${URL} failed: ${who}"
    fi

    log "ready: ${URL}"
    printf '%s\n' "$URL" >&3
    SERVER_LAUNCHED=0
}

cmd_stop() {
    if [[ ! -e "$STATE_DIR" ]]; then
        log "nothing to stop (${STATE_DIR} does not exist)"
        return 0
    fi
    take_lock
    wipe_state_dir
    log "stopped; removed ${STATE_DIR}"
}

cmd_status() {
    if server_running; then
        log "running: ${URL} (data ${DATA_DIR})"
        return 0
    fi
    log "not running (${STATE_DIR})"
    return 3
}

usage() {
    cat >&2 <<EOF
usage: $0 start|stop|url|status

  start   (re)create and start a throw-away PostgreSQL ${PG_MAJOR} server, print its URL
  stop    stop it and remove its state dir (idempotent)
  url     print the connection URL
  status  exit 0 if running, 3 otherwise

env: CHANCERY_PG_DIR (default /tmp/chancery-pg), CHANCERY_PG_PORT (default 55432),
     CHANCERY_PG_START_TIMEOUT (default 60)
EOF
}

case "${1:-}" in
    start)  cmd_start ;;
    stop)   cmd_stop ;;
    url)    printf '%s\n' "$URL" >&3 ;;
    status) cmd_status ;;
    -h | --help | help) usage ;;
    *) usage; exit 2 ;;
esac
