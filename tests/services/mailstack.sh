#!/usr/bin/env bash
# Throw-away mail stack on 127.0.0.1 for Chancery's integration tests:
# Postfix (SMTP, virtual Maildir delivery, DSN) + Dovecot (POP3).
#
# Usage: tests/services/mailstack.sh start|stop|status|env|accounts
#
#   start     Install postfix, dovecot-core and dovecot-pop3d with apt-get if
#             needed (services blocked during the install, Postfix preseeded
#             as "No configuration"), stop and wipe any stack left in the
#             state dir, write the private configuration, start Postfix and
#             Dovecot and wait until their ports answer.  Prints exactly one
#             line on stdout, shell assignments such as
#               CHANCERY_SMTP=127.0.0.1:2525 CHANCERY_SMTP_STRICT=127.0.0.1:2526
#               CHANCERY_POP3=127.0.0.1:1110 CHANCERY_MAIL_DIR=/tmp/chancery-mail
#               CHANCERY_MAIL_PASSWORD=test CHANCERY_MAIL_REGISTRY=registry@mfa.test
#             (on one line).  Everything else goes to stderr.
#   stop      Stop both servers if running and remove the state dir.
#             Idempotent.
#   status    Exit 0 if Postfix and Dovecot are both running, 3 if not.
#   env       Print the same line as start (does not check anything).
#   accounts  Print the test mailboxes, one address a line.
#
# What runs:
#   CHANCERY_SMTP         Postfix smtpd, lenient: unknown mailboxes at the
#                         virtual domains are accepted and then bounced, so
#                         the sender gets a real failure DSN.
#   CHANCERY_SMTP_STRICT  Postfix smtpd, strict: unknown mailboxes are refused
#                         at RCPT TO (550 5.1.1), no bounce message.
#   CHANCERY_POP3         Dovecot POP3, USER/PASS or AUTH PLAIN without TLS,
#                         every account's password is CHANCERY_MAIL_PASSWORD
#                         (list them with "accounts").  A message read over
#                         POP3 moves from new/ to cur/.
#   Both SMTP ports: ESMTP with DSN (RET/ENVID/NOTIFY/ORCPT), bare LF in DATA
#   refused (550 5.5.2), mail accepted only for the virtual .test domains
#   below (anything else: 554 5.7.1 Relay access denied; nothing ever leaves
#   the machine: default_transport is error:).  Maildirs are written to
#   CHANCERY_MAIL_DIR/mail/DOMAIN/LOCALPART/{new,cur,tmp} (owner: user
#   "mail"); logs are CHANCERY_MAIL_DIR/log/postfix.log and dovecot.log;
#   the queue: postqueue -c CHANCERY_MAIL_DIR/conf/postfix -p.
#   DSN: success and failure reports go to the envelope sender (use a test
#   mailbox such as CHANCERY_MAIL_REGISTRY); delay reports are never sent
#   (delay_warning_time = 0).  No artificial delays: Postfix's in_flow_delay
#   and error sleep are 0, Dovecot's auth failure delay and per-IP auth
#   penalty are off, so tests may try wrong passwords.
#
# Usage from a test driver:
#   eval "export $(tests/services/mailstack.sh start)"
#
# Environment:
#   CHANCERY_MAIL_DIR            state dir (default /tmp/chancery-mail); wiped
#                                by start/stop, so it must be empty, absent,
#                                or a dir previously created by this script
#   CHANCERY_SMTP_PORT           lenient SMTP port (default 2525)
#   CHANCERY_SMTP_STRICT_PORT    strict SMTP port (default 2526)
#   CHANCERY_POP3_PORT           POP3 port (default 1110)
#   CHANCERY_MAIL_ACCOUNTS       extra mailboxes (space-separated addresses
#                                under .test domains; new domains are added)
#   CHANCERY_MAIL_START_TIMEOUT  seconds to wait for start/stop (default 30)
#   CHANCERY_MAIL_ALLOW_REMOVALS set to 1 to let apt-get remove packages when
#                                installing Postfix (e.g. exim4); refused
#                                otherwise
#
# Never touches /etc/postfix or /etc/dovecot: Postfix runs as
# "postfix -c STATE/conf/postfix", Dovecot as "dovecot -c STATE/conf/dovecot/dovecot.conf".
# Must run as root.

set -euo pipefail

# All chatter to stderr; the only stdout output is written to fd 3.
exec 3>&1 1>&2

# ------------------------------------------------------------- accounts ---
# The test mailboxes.  Every domain used here becomes a virtual mailbox
# domain; add an address to get a new mailbox (and domain).  Keep them under
# .test (RFC 2606): the server never accepts mail for anything else.
readonly REGISTRY=registry@mfa.test   # the ministry's registry: the usual sender
BASE_ACCOUNTS=(
    "$REGISTRY"
    protocol@mfa.test
    postmaster@mfa.test
    embassy.berlin@mfa.test
    embassy.berlin@embassy.test
    embassy.paris@embassy.test
    embassy.london@embassy.test
    berlin@embassies.mfa.test
    pm-newyork@embassies.mfa.test
    embassy.switzerland@mfa-baku.test
    ambassade.france@mfa-baku.test
    protocol@mfa-baku.test
    press@mfa-baku.test
    sg.office@un.test
    sg@osce.test
    president@icrc.test
    hc@unhcr.test
    hc@ohchr.test
    hrvp@eeas.test
    sg@coe.test
    commissioner@coe.test
    newsdesk@press-agency.test
)
readonly MAIL_PASSWORD=test

# ------------------------------------------------------------- settings ---

readonly MARKER_NAME=.chancery-mail-state
SERVICES_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
readonly SERVICES_DIR
readonly POLICY_RC=/usr/sbin/policy-rc.d
readonly POLICY_RC_SAVE=/usr/sbin/policy-rc.d.chancery-mail-saved
readonly POLICY_RC_TAG='# chancery-mail: temporary policy-rc.d'
# Shared with tests/services/postgres.sh: both scripts swap policy-rc.d
# during their installs, so they must not install at the same time.
readonly INSTALL_LOCK=/run/chancery-pg-install.lock

readonly POSTFIX=/usr/sbin/postfix
readonly POSTCONF=/usr/sbin/postconf
readonly PF_DAEMON_DIR=/usr/lib/postfix/sbin
readonly DOVECOT=/usr/sbin/dovecot
readonly DOVECOT_LIBEXEC=/usr/lib/dovecot
readonly PACKAGES=(postfix dovecot-core dovecot-pop3d)
readonly VMAIL_USER=mail      # owner of the Maildirs (Postfix virtual + Dovecot)

log() { printf 'mailstack.sh: %s\n' "$*" >&2; }
die() { printf 'mailstack.sh: error: %s\n' "$*" >&2; exit 1; }

check_port() {  # NAME VALUE -> normalised port on stdout
    local name="$1" val="$2"
    if ! [[ "$val" =~ ^[0-9]{1,5}$ ]] || (( 10#$val < 1 || 10#$val > 65535 )); then
        die "${name} must be a TCP port number (1-65535), got '${val}'"
    fi
    printf '%d\n' "$(( 10#$val ))"
}
SMTP_PORT="$(check_port CHANCERY_SMTP_PORT "${CHANCERY_SMTP_PORT:-2525}")"
STRICT_PORT="$(check_port CHANCERY_SMTP_STRICT_PORT "${CHANCERY_SMTP_STRICT_PORT:-2526}")"
POP3_PORT="$(check_port CHANCERY_POP3_PORT "${CHANCERY_POP3_PORT:-1110}")"
readonly SMTP_PORT STRICT_PORT POP3_PORT
if (( SMTP_PORT == STRICT_PORT || SMTP_PORT == POP3_PORT || STRICT_PORT == POP3_PORT )); then
    die "CHANCERY_SMTP_PORT (${SMTP_PORT}), CHANCERY_SMTP_STRICT_PORT (${STRICT_PORT}) and CHANCERY_POP3_PORT (${POP3_PORT}) must differ"
fi

TIMEOUT="${CHANCERY_MAIL_START_TIMEOUT:-30}"
if ! [[ "$TIMEOUT" =~ ^[0-9]{1,6}$ ]] || (( 10#$TIMEOUT < 1 )); then
    die "CHANCERY_MAIL_START_TIMEOUT must be a positive number of seconds, got '${TIMEOUT}'"
fi
TIMEOUT=$(( 10#$TIMEOUT ))
readonly TIMEOUT

_raw_dir="${CHANCERY_MAIL_DIR:-/tmp/chancery-mail}"
[[ -n "$_raw_dir" ]] || die "CHANCERY_MAIL_DIR is empty"
STATE_DIR="$(realpath -m -- "$_raw_dir")"
unset _raw_dir
case "$STATE_DIR" in
    / | /bin | /boot | /dev | /etc | /home | /lib | /lib64 | /opt | /proc | /root | \
    /run | /sbin | /srv | /sys | /tmp | /usr | /var | /var/tmp | /var/lib | /var/mail | /work)
        die "refusing to use '${STATE_DIR}' as the state dir (it gets wiped)" ;;
esac
# The path ends up unquoted in main.cf, dovecot.conf and the env line.
[[ "$STATE_DIR" =~ ^/[A-Za-z0-9._/+-]+$ ]] ||
    die "CHANCERY_MAIL_DIR '${STATE_DIR}' may only contain letters, digits and . _ / + -"
# Unix socket paths (Dovecot's login/, Postfix's private/) are limited to 107 bytes.
(( ${#STATE_DIR} <= 64 )) ||
    die "CHANCERY_MAIL_DIR '${STATE_DIR}' is too long (${#STATE_DIR} > 64 bytes): Unix socket paths under it would not fit"
readonly STATE_DIR
readonly MARKER="${STATE_DIR}/${MARKER_NAME}"
readonly CONF_DIR="${STATE_DIR}/conf"            # kept across restarts
readonly PF_CONF="${CONF_DIR}/postfix"
readonly DC_CONF_DIR="${CONF_DIR}/dovecot"
readonly DC_CONF="${DC_CONF_DIR}/dovecot.conf"
readonly PF_QUEUE="${STATE_DIR}/postfix/queue"
readonly PF_DATA="${STATE_DIR}/postfix/data"
readonly DC_BASE="${STATE_DIR}/dovecot/run"
readonly DC_STATE="${STATE_DIR}/dovecot/state"
readonly MAIL_BASE="${STATE_DIR}/mail"
readonly LOG_DIR="${STATE_DIR}/log"
readonly PF_LOG="${LOG_DIR}/postfix.log"
readonly DC_LOG="${LOG_DIR}/dovecot.log"

# Accounts: base list + CHANCERY_MAIL_ACCOUNTS, deduplicated, lower case.
ACCOUNTS=()
DOMAINS=()
_add_account() {
    local a="${1,,}" x
    [[ "$a" =~ ^[a-z0-9][a-z0-9._+-]*@([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+test$ ]] ||
        die "invalid test mailbox '${1}' (want local@domain.test, letters/digits/._+- only)"
    for x in "${ACCOUNTS[@]}"; do [[ "$x" == "$a" ]] && return 0; done
    ACCOUNTS+=("$a")
    local d="${a#*@}"
    for x in "${DOMAINS[@]}"; do [[ "$x" == "$d" ]] && return 0; done
    DOMAINS+=("$d")
}
for _a in "${BASE_ACCOUNTS[@]}" ${CHANCERY_MAIL_ACCOUNTS:-}; do _add_account "$_a"; done
unset _a
readonly ACCOUNTS DOMAINS

env_line() {
    printf 'CHANCERY_SMTP=127.0.0.1:%d CHANCERY_SMTP_STRICT=127.0.0.1:%d CHANCERY_POP3=127.0.0.1:%d CHANCERY_MAIL_DIR=%s CHANCERY_MAIL_PASSWORD=%s CHANCERY_MAIL_REGISTRY=%s\n' \
        "$SMTP_PORT" "$STRICT_PORT" "$POP3_PORT" "$STATE_DIR" "$MAIL_PASSWORD" "$REGISTRY"
}

cd /

# ---------------------------------------------------------------- cleanup ---

# shellcheck source=tests/services/policy_rc.sh
source "${SERVICES_DIR}/policy_rc.sh"
SERVERS_LAUNCHED=0   # start: a server was launched, env line not yet printed

on_exit() {
    local rc=$?
    if (( POLICY_RC_ACTIVE )); then
        restore_policy_rc || log "warning: could not restore ${POLICY_RC}"
    fi
    if (( rc != 0 && SERVERS_LAUNCHED )); then
        log "start failed; stopping what was started"
        ( stop_servers ) || true
    fi
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ---------------------------------------------------------- installation ---


take_install_lock() {
    exec 8>"$INSTALL_LOCK"
    flock -w 900 8 || die "timed out waiting for ${INSTALL_LOCK}"
}

is_installed() {
    local f
    for f in "$POSTFIX" "$POSTCONF" "${PF_DAEMON_DIR}/master" "${PF_DAEMON_DIR}/smtpd" \
             "${PF_DAEMON_DIR}/virtual" "${PF_DAEMON_DIR}/postfix-script" \
             "$DOVECOT" "${DOVECOT_LIBEXEC}/pop3" "${DOVECOT_LIBEXEC}/pop3-login"; do
        [[ -x "$f" ]] || return 1
    done
    id -u postfix >/dev/null 2>&1 && id -u dovecot >/dev/null 2>&1 &&
        id -u dovenull >/dev/null 2>&1 && getent group postdrop >/dev/null
}

apt_get() {
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0 \
        "$@" </dev/null 3>&- 8>&- 9>&-
}

apt_install() {
    apt_get -y --no-install-recommends "$@" install "${PACKAGES[@]}"
}

# Installing Postfix replaces another MTA (exim4, ...): only with consent.
check_no_removals() {
    local sim
    sim="$(apt_get -s --no-install-recommends "$@" install "${PACKAGES[@]}" 2>&1)" || return 0
    local removed
    removed="$(sed -n 's/^Remv \([^ ]*\).*/\1/p' <<<"$sim" | tr '\n' ' ')"
    if [[ -n "$removed" && "${CHANCERY_MAIL_ALLOW_REMOVALS:-0}" != 1 ]]; then
        die "installing ${PACKAGES[*]} would remove: ${removed}; set CHANCERY_MAIL_ALLOW_REMOVALS=1 to allow it"
    fi
}

ensure_installed() {
    if grep -qF "$POLICY_RC_TAG" "$POLICY_RC" 2>/dev/null; then
        take_install_lock
        recover_policy_rc
        exec 8>&-
    fi
    is_installed && return 0
    (( EUID == 0 )) || die "Postfix/Dovecot are missing and installing them needs root"
    command -v apt-get >/dev/null || die "Postfix/Dovecot are missing and apt-get is not available"

    take_install_lock
    if is_installed; then
        exec 8>&-
        return 0
    fi

    local extra=() p missing=()
    for p in "${PACKAGES[@]}"; do
        if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" != installed ]]; then
            missing+=("$p")
        fi
    done
    if (( ${#missing[@]} == 0 )); then
        log "${PACKAGES[*]} are installed according to dpkg but files are missing; reinstalling"
        extra=(--reinstall)
    else
        log "installing ${PACKAGES[*]} with apt-get (missing: ${missing[*]})"
    fi

    # No /etc/postfix/main.cf, no questions: we bring our own configuration.
    if [[ "$(dpkg-query -W -f='${db:Status-Status}' postfix 2>/dev/null || true)" != installed ]]; then
        printf 'postfix postfix/main_mailer_type select No configuration\n' |
            debconf-set-selections || die "debconf-set-selections failed"
    fi

    check_no_removals "${extra[@]}"

    install_policy_rc
    if ! apt_install "${extra[@]}" || ! is_installed; then
        log "apt-get install failed; running apt-get update and retrying"
        apt_get update || die "apt-get update failed"
        check_no_removals "${extra[@]}"
        apt_install "${extra[@]}" || die "apt-get install ${PACKAGES[*]} failed"
    fi
    restore_policy_rc
    exec 8>&-

    is_installed || die "${PACKAGES[*]} installed but binaries or users (postfix, dovecot, dovenull, group postdrop) are missing"
    log "installed ${PACKAGES[*]}"

    # The packages also enable their system services for the next boot,
    # where Debian's stock Dovecot would listen on all interfaces.  We only
    # ever run private instances: disable the system services we just
    # installed (not ones that were already there).
    local svc
    for p in "${missing[@]}"; do
        case "$p" in
            postfix) svc=postfix ;;
            dovecot-core) svc=dovecot ;;
            *) continue ;;
        esac
        if command -v update-rc.d >/dev/null &&
            update-rc.d "$svc" disable >/dev/null 2>&1 3>&- 8>&- 9>&-; then
            log "disabled the system ${svc} service at boot (update-rc.d ${svc} disable); this script never uses it"
        else
            log "warning: could not disable the system ${svc} service at boot"
        fi
    done
}

# ------------------------------------------------------------- processes ---

# PID of a live, non-zombie process, else fail.
alive() {
    local pid="$1" stat
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    stat="$(cat "/proc/${pid}/stat" 2>/dev/null)" || return 1
    stat="${stat##*) }"
    [[ "${stat:0:1}" != [ZX] ]]
}

# The Postfix master recorded in our queue dir, if it is alive (the master
# chdir()s into queue_directory, which tells it from a reused PID).
postfix_pid() {
    local pid
    pid="$(tr -d ' \n' 2>/dev/null <"${PF_QUEUE}/pid/master.pid" || true)"
    alive "$pid" || return 1
    [[ "$(readlink "/proc/${pid}/cwd" 2>/dev/null || true)" == "$PF_QUEUE" ]] || return 1
    printf '%s\n' "$pid"
}

# The Dovecot master recorded in our base_dir, if alive and started with our config.
dovecot_pid() {
    local pid cmd
    pid="$(tr -d ' \n' 2>/dev/null <"${DC_BASE}/master.pid" || true)"
    alive "$pid" || return 1
    # (No "| grep -q" under pipefail: an early exit of grep fails the pipe.)
    cmd="$(tr '\0' ' ' 2>/dev/null <"/proc/${pid}/cmdline" || true)"
    [[ "$cmd" == *"-c ${DC_CONF} "* ]] || return 1
    printf '%s\n' "$pid"
}

session_pids() {  # SID -> live (non-zombie) PIDs in that session
    local sid="$1" p stat rest
    for p in /proc/[0-9]*; do
        # Builtin read (no fork per process); the process may vanish.
        { read -r stat <"${p}/stat"; } 2>/dev/null || continue
        rest="${stat##*) }"            # state ppid pgrp session ...
        read -r _st _pp _pg _sess _ <<<"$rest"
        [[ "$_sess" == "$sid" && "$_st" != [ZX] ]] && printf '%s\n' "${p#/proc/}"
    done
    return 0
}

now_ms() { local t="${EPOCHREALTIME/[.,]/}"; printf '%s\n' "$(( t / 1000 ))"; }

# Both masters are session leaders (setsid); their children share the
# session.  Postfix gets SIGTERM and up to TIMEOUT seconds to exit.  Dovecot
# 2.3's master, once its children are told to stop, idles 1-3 s before it
# exits (MAX_DIE_WAIT_SECS, counted with time()): it only serves POP3 from
# Maildirs that are about to be wiped, so it gets SIGTERM (its children log
# and exit within ~0.1 s) and is killed after DOVECOT_GRACE_MS.
readonly DOVECOT_GRACE_MS=500

stop_servers() {
    local pf="" dc="" left start now
    pf="$(postfix_pid)" || pf=""
    dc="$(dovecot_pid)" || dc=""
    [[ -n "$pf" ]] && { log "stopping Postfix (pid ${pf})"; kill -TERM "$pf" 2>/dev/null || true; }
    [[ -n "$dc" ]] && { log "stopping Dovecot (pid ${dc})"; kill -TERM "$dc" 2>/dev/null || true; }
    start="$(now_ms)"
    while :; do
        left="$( [[ -z "$pf" ]] || session_pids "$pf"; [[ -z "$dc" ]] || session_pids "$dc" )"
        [[ -z "$left" ]] && return 0
        now="$(now_ms)"
        if [[ -n "$dc" ]] && (( now - start >= DOVECOT_GRACE_MS )); then
            # shellcheck disable=SC2046
            kill -KILL $(session_pids "$dc") 2>/dev/null || true
        fi
        (( now - start < TIMEOUT * 1000 )) || break
        sleep 0.05
    done
    log "still running after ${TIMEOUT}s; killing: $(tr '\n' ' ' <<<"$left")"
    # shellcheck disable=SC2086
    kill -KILL $left 2>/dev/null || true
    local i
    for (( i = 0; i < 100; i++ )); do
        left="$( [[ -z "$pf" ]] || session_pids "$pf"; [[ -z "$dc" ]] || session_pids "$dc" )"
        [[ -z "$left" ]] && return 0
        sleep 0.05
    done
    die "could not stop: $(tr '\n' ' ' <<<"$left")"
}

# -------------------------------------------------------------- state dir ---

take_lock() {
    mkdir -p -- "$(dirname -- "$STATE_DIR")"
    exec 9>"${STATE_DIR}.lock"
    flock -w "$(( TIMEOUT * 3 ))" 9 ||
        die "timed out waiting for lock ${STATE_DIR}.lock (another start/stop running?)"
}

check_state_dir_is_ours() {
    [[ -e "$STATE_DIR" || -L "$STATE_DIR" ]] || return 0
    [[ -d "$STATE_DIR" && ! -L "$STATE_DIR" ]] || die "state dir ${STATE_DIR} exists and is not a directory"
    [[ -e "$MARKER" ]] && return 0
    if [[ -n "$(ls -A -- "$STATE_DIR")" ]]; then
        die "state dir ${STATE_DIR} is not empty and was not created by this script; refusing to wipe it"
    fi
}

# Write FILE from stdin only if the content differs.  Postfix re-reads (and
# sleeps ~2 s on) any config file modified within the last second, so a new
# file also gets an mtime a few seconds in the past (it is written to a temp
# file and renamed, so no reader ever sees it half-written).
write_if_changed() {
    local file="$1" mode="$2" tmp
    tmp="$(mktemp "${file}.XXXXXX")"
    cat >"$tmp"
    chmod "$mode" "$tmp"
    if [[ -f "$file" ]] && cmp -s -- "$tmp" "$file"; then
        rm -f -- "$tmp"
        return 0
    fi
    touch -d "@$(( $(date +%s) - 5 ))" -- "$tmp"
    mv -f -- "$tmp" "$file"
}

# ----------------------------------------------------------- configuration ---

BARE_NEWLINE_SETTINGS=""

probe_postfix_features() {
    # "postconf -dh" prints nothing (and warns) for a parameter this Postfix
    # does not know.  No pipe: under pipefail "postconf | grep -q" fails at
    # random when grep exits early.
    local v
    v="$("$POSTCONF" -dh smtpd_forbid_bare_newline 2>/dev/null 3>&- 8>&- 9>&- || true)"
    if [[ -n "$v" ]]; then
        BARE_NEWLINE_SETTINGS="# Bare LF in DATA (SMTP smuggling, CVE-2023-51764): refuse with 550 5.5.2,
# for every client (the default exempts \$mynetworks, i.e. loopback).
smtpd_forbid_bare_newline = reject
smtpd_forbid_bare_newline_exclusions ="
    else
        log "warning: this Postfix has no smtpd_forbid_bare_newline; bare LF will not be refused"
    fi
}

write_postfix_config() {
    local vuid vgid
    vuid="$(id -u "$VMAIL_USER")"
    vgid="$(id -g "$VMAIL_USER")"
    write_if_changed "${PF_CONF}/main.cf" 0644 <<EOF
# Generated by tests/services/mailstack.sh: a private Postfix instance for
# Chancery's tests (postfix -c ${PF_CONF}).  Do not edit; it is rewritten.
compatibility_level = 3.6
config_directory = ${PF_CONF}
queue_directory = ${PF_QUEUE}
data_directory = ${PF_DATA}
mail_owner = postfix
setgid_group = postdrop
maillog_file = ${PF_LOG}
maillog_file_prefixes = /var, /dev/stdout, ${STATE_DIR}/
syslog_name = chancery-postfix

myhostname = mail.mfa.test
mydomain = mfa.test
myorigin = \$mydomain
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
smtpd_banner = \$myhostname ESMTP Chancery test server
biff = no
append_dot_mydomain = no
readme_directory = no

# No local delivery, no aliases, nothing leaves the machine.
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
relayhost =
relay_domains =
default_transport = error:5.7.1 outbound mail is disabled on the Chancery test server
relay_transport = \$default_transport
mynetworks = 127.0.0.0/8
# Not an open relay: even loopback clients may only send to the virtual
# domains below (554 5.7.1 Relay access denied for anything else).
smtpd_relay_restrictions = reject_unauth_destination
smtpd_recipient_restrictions =

# The test mailboxes: Maildirs under virtual_mailbox_base, owned by "${VMAIL_USER}".
virtual_mailbox_domains = ${DOMAINS[*]}
virtual_mailbox_maps = texthash:${PF_CONF}/vmailbox
virtual_mailbox_base = ${MAIL_BASE}
virtual_uid_maps = static:${vuid}
virtual_gid_maps = static:${vgid}
virtual_minimum_uid = ${vuid}
virtual_alias_maps =

# Unknown mailboxes at the virtual domains are accepted and then bounced, so
# the sender gets a failure DSN (the strict listener in master.cf overrides
# this with "yes": 550 5.1.1 during the session, no bounce).
smtpd_reject_unlisted_recipient = no

# DSN (RFC 3461) must stay advertised.
smtpd_discard_ehlo_keywords =
smtpd_discard_ehlo_keyword_address_maps =

${BARE_NEWLINE_SETTINGS}

disable_vrfy_command = yes

# Test server: no artificial delays.
in_flow_delay = 0
smtpd_error_sleep_time = 0
delay_warning_time = 0
EOF

    write_if_changed "${PF_CONF}/master.cf" 0644 <<EOF
# Generated by tests/services/mailstack.sh.  chroot is off ("n") everywhere.
# service type  private unpriv  chroot  wakeup  maxproc command + args
127.0.0.1:${SMTP_PORT} inet n - n - - smtpd
  -o syslog_name=chancery-postfix/smtpd-lenient
127.0.0.1:${STRICT_PORT} inet n - n - - smtpd
  -o syslog_name=chancery-postfix/smtpd-strict
  -o smtpd_reject_unlisted_recipient=yes
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF

    local a
    {
        echo "# Generated by tests/services/mailstack.sh: address -> Maildir (relative to virtual_mailbox_base)"
        for a in "${ACCOUNTS[@]}"; do
            printf '%s %s/%s/\n' "$a" "${a#*@}" "${a%@*}"
        done
    } | write_if_changed "${PF_CONF}/vmailbox" 0644
}

write_dovecot_config() {
    write_if_changed "$DC_CONF" 0644 <<EOF
# Generated by tests/services/mailstack.sh: a private Dovecot instance for
# Chancery's tests (dovecot -c ${DC_CONF}).  Do not edit; it is rewritten.
instance_name = chancery-mail
base_dir = ${DC_BASE}
state_dir = ${DC_STATE}
log_path = ${DC_LOG}
auth_verbose = yes

protocols = pop3
listen = 127.0.0.1
ssl = no
# Plain-text passwords without TLS are allowed only on "secured"
# connections, and Dovecot counts loopback ones as secured: so USER/PASS
# works here, and would not from another host.  Production: ssl = required
# with real certificates.
disable_plaintext_auth = yes
auth_mechanisms = plain login
# Test server: no 2 s pause after a wrong password.
auth_failure_delay = 0

default_internal_user = dovecot
default_login_user = dovenull
mail_uid = ${VMAIL_USER}
mail_gid = ${VMAIL_USER}
first_valid_uid = $(id -u "$VMAIL_USER")
last_valid_uid = $(id -u "$VMAIL_USER")
first_valid_gid = $(id -g "$VMAIL_USER")
last_valid_gid = $(id -g "$VMAIL_USER")

# The Maildirs Postfix's virtual(8) writes: ${MAIL_BASE}/DOMAIN/LOCALPART
mail_location = maildir:${MAIL_BASE}/%d/%n
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%Lu ${DC_CONF_DIR}/users
}
userdb {
  driver = static
  args = uid=${VMAIL_USER} gid=${VMAIL_USER} home=${MAIL_BASE}/%d/%n allow_all_users=no
}

# Test server: no per-IP penalty (4-15 s on every later login from
# 127.0.0.1) after a test tries a wrong password.  Documented way to
# disable Dovecot's auth penalty (auth then cannot reach the anvil socket).
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}

service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = ${POP3_PORT}
  }
  inet_listener pop3s {
    port = 0
  }
}
EOF

    local a
    {
        for a in "${ACCOUNTS[@]}"; do
            printf '%s:{PLAIN}%s::::::\n' "$a" "$MAIL_PASSWORD"
        done
    } | write_if_changed "${DC_CONF_DIR}/users" 0640
    chgrp dovecot "${DC_CONF_DIR}/users"
}

# ---------------------------------------------------------------- server ---

port_in_use() {
    (exec 4<>"/dev/tcp/127.0.0.1/${1}") 2>/dev/null
}

# Connect and read the greeting; succeed if it starts with PREFIX.
greets() {
    local port="$1" prefix="$2" fd line=""
    # (A redirection on "exec" itself would apply to the rest of the script.)
    { exec {fd}<>"/dev/tcp/127.0.0.1/${port}"; } 2>/dev/null || return 1
    read -r -t 2 -u "$fd" line || true
    { printf 'QUIT\r\n' >&"$fd"; } 2>/dev/null || true
    exec {fd}>&-
    [[ "$line" == "$prefix"* ]]
}

log_tails() {
    local f
    for f in "${LOG_DIR}/postfix-start.out" "$PF_LOG" "${LOG_DIR}/dovecot-start.out" "$DC_LOG"; do
        if [[ -s "$f" ]]; then
            log "last lines of ${f}:"
            tail -n 25 -- "$f" | sed 's/^/    /' >&2
        fi
    done
}

wipe_runtime_state() {
    # Everything but conf/ (so unchanged config files keep their old mtime).
    local e
    for e in "$STATE_DIR"/* "$STATE_DIR"/.[!.]*; do
        [[ -e "$e" || -L "$e" ]] || continue
        case "$e" in "$CONF_DIR" | "$MARKER") continue ;; esac
        rm -rf -- "$e"
    done
}

make_maildirs() {
    local a d
    install -d -o "$VMAIL_USER" -g "$VMAIL_USER" -m 0750 -- "$MAIL_BASE"
    for a in "${ACCOUNTS[@]}"; do
        d="${MAIL_BASE}/${a#*@}/${a%@*}"
        install -d -o "$VMAIL_USER" -g "$VMAIL_USER" -m 0750 -- "${MAIL_BASE}/${a#*@}"
        install -d -o "$VMAIL_USER" -g "$VMAIL_USER" -m 0700 -- "$d" "${d}/new" "${d}/cur" "${d}/tmp"
    done
}

cmd_start() {
    (( EUID == 0 )) || die "must run as root"
    ensure_installed
    take_lock

    if [[ -e "$STATE_DIR" ]]; then
        check_state_dir_is_ours
        stop_servers
        log "wiping previous state in ${STATE_DIR} (keeping conf/)"
        wipe_runtime_state
    fi

    local p
    for p in "$SMTP_PORT" "$STRICT_PORT" "$POP3_PORT"; do
        if port_in_use "$p"; then
            die "something is already listening on 127.0.0.1:${p} (not a server from ${STATE_DIR}); set CHANCERY_SMTP_PORT/CHANCERY_SMTP_STRICT_PORT/CHANCERY_POP3_PORT or stop it (see: ss -ltnp 'sport = :${p}')"
        fi
    done

    mkdir -p -- "$STATE_DIR"
    : >"$MARKER"
    chmod 0755 "$STATE_DIR"
    install -d -m 0755 -- "$CONF_DIR" "$PF_CONF" "$DC_CONF_DIR" "$LOG_DIR" \
        "${STATE_DIR}/postfix" "$PF_QUEUE" "${STATE_DIR}/dovecot" "$DC_BASE" "$DC_STATE"
    install -d -o postfix -g postfix -m 0700 -- "$PF_DATA"
    runuser -u postfix -- test -x "$PF_QUEUE" 3>&- 8>&- 9>&- ||
        die "user 'postfix' cannot reach ${PF_QUEUE}; check the permissions of its parent directories"

    probe_postfix_features
    write_postfix_config
    write_dovecot_config
    make_maildirs

    SERVERS_LAUNCHED=1
    log "starting Postfix on 127.0.0.1:${SMTP_PORT} (lenient) and 127.0.0.1:${STRICT_PORT} (strict) (log: ${PF_LOG})"
    if ! "$POSTFIX" -c "$PF_CONF" start </dev/null >"${LOG_DIR}/postfix-start.out" 2>&1 3>&- 8>&- 9>&-; then
        log_tails
        die "postfix -c ${PF_CONF} start failed"
    fi
    log "starting Dovecot POP3 on 127.0.0.1:${POP3_PORT} (log: ${DC_LOG})"
    if ! "$DOVECOT" -c "$DC_CONF" </dev/null >"${LOG_DIR}/dovecot-start.out" 2>&1 3>&- 8>&- 9>&-; then
        log_tails
        die "dovecot -c ${DC_CONF} failed to start"
    fi

    local deadline=$(( SECONDS + TIMEOUT )) ok=0
    while (( SECONDS <= deadline )); do
        if greets "$SMTP_PORT" 220 && greets "$STRICT_PORT" 220 && greets "$POP3_PORT" +OK; then
            ok=1
            break
        fi
        postfix_pid >/dev/null || { log_tails; die "the Postfix master exited during start"; }
        dovecot_pid >/dev/null || { log_tails; die "the Dovecot master exited during start"; }
        sleep 0.1
    done
    if (( ! ok )); then
        log_tails
        die "ports ${SMTP_PORT}/${STRICT_PORT} (SMTP 220) and ${POP3_PORT} (POP3 +OK) did not all answer within ${TIMEOUT}s"
    fi

    log "ready: ${#ACCOUNTS[@]} mailboxes in ${#DOMAINS[@]} domains (${DOMAINS[*]}), password '${MAIL_PASSWORD}'"
    env_line >&3
    SERVERS_LAUNCHED=0
}

cmd_stop() {
    if [[ ! -e "$STATE_DIR" ]]; then
        log "nothing to stop (${STATE_DIR} does not exist)"
        return 0
    fi
    take_lock
    check_state_dir_is_ours
    stop_servers
    rm -rf -- "$STATE_DIR"
    log "stopped; removed ${STATE_DIR}"
}

cmd_status() {
    local pf dc rc=0
    if pf="$(postfix_pid)"; then
        log "Postfix running (pid ${pf}): SMTP 127.0.0.1:${SMTP_PORT} (lenient), 127.0.0.1:${STRICT_PORT} (strict)"
    else
        log "Postfix not running (${PF_QUEUE})"; rc=3
    fi
    if dc="$(dovecot_pid)"; then
        log "Dovecot running (pid ${dc}): POP3 127.0.0.1:${POP3_PORT}"
    else
        log "Dovecot not running (${DC_BASE})"; rc=3
    fi
    return "$rc"
}

usage() {
    cat >&2 <<EOF
usage: $0 start|stop|status|env|accounts

  start     (re)start a throw-away Postfix + Dovecot on 127.0.0.1, print the env line
  stop      stop them and remove the state dir (idempotent)
  status    exit 0 if both are running, 3 otherwise
  env       print the env line
  accounts  print the test mailboxes (password: ${MAIL_PASSWORD})

env: CHANCERY_MAIL_DIR (default /tmp/chancery-mail), CHANCERY_SMTP_PORT (2525),
     CHANCERY_SMTP_STRICT_PORT (2526), CHANCERY_POP3_PORT (1110),
     CHANCERY_MAIL_ACCOUNTS (extra addresses), CHANCERY_MAIL_START_TIMEOUT (30),
     CHANCERY_MAIL_ALLOW_REMOVALS (1 to let apt-get replace another MTA)
EOF
}

case "${1:-}" in
    start)    cmd_start ;;
    stop)     cmd_stop ;;
    status)   cmd_status ;;
    env)      env_line >&3 ;;
    accounts) printf '%s\n' "${ACCOUNTS[@]}" >&3 ;;
    -h | --help | help) usage ;;
    *) usage; exit 2 ;;
esac
