# Shared by postgres.sh and mailstack.sh: a temporary /usr/sbin/policy-rc.d that keeps
# Debian's package scripts from starting system services while we install packages.
# Source it after defining POLICY_RC, POLICY_RC_SAVE, POLICY_RC_TAG and log(); the
# caller's EXIT trap calls restore_policy_rc while POLICY_RC_ACTIVE is 1.

POLICY_RC_ACTIVE=0   # our temporary policy-rc.d is in place

# A previous run killed with SIGKILL may have left our temporary policy-rc.d.
recover_policy_rc() {
    if [[ -e "$POLICY_RC" || -L "$POLICY_RC" ]] && grep -qF "$POLICY_RC_TAG" "$POLICY_RC" 2>/dev/null; then
        if [[ -e "$POLICY_RC_SAVE" || -L "$POLICY_RC_SAVE" ]]; then
            log "restoring ${POLICY_RC} left over by an interrupted run"
            mv -f -- "$POLICY_RC_SAVE" "$POLICY_RC"
        else
            log "removing temporary ${POLICY_RC} left over by an interrupted run"
            rm -f -- "$POLICY_RC"
        fi
    fi
}

restore_policy_rc() {
    if [[ -e "$POLICY_RC_SAVE" || -L "$POLICY_RC_SAVE" ]]; then
        mv -f -- "$POLICY_RC_SAVE" "$POLICY_RC"
    else
        rm -f -- "$POLICY_RC"
    fi
    POLICY_RC_ACTIVE=0
}

install_policy_rc() {
    recover_policy_rc
    if [[ -e "$POLICY_RC" || -L "$POLICY_RC" ]]; then
        cp -a -- "$POLICY_RC" "$POLICY_RC_SAVE"
    else
        rm -f -- "$POLICY_RC_SAVE"
    fi
    POLICY_RC_ACTIVE=1
    local tmp="${POLICY_RC_SAVE}.new"
    printf '#!/bin/sh\n%s\n# Prevents package scripts from starting services.\nexit 101\n' \
        "$POLICY_RC_TAG" >"$tmp"
    chmod 0755 "$tmp"
    mv -f -- "$tmp" "$POLICY_RC"
}
