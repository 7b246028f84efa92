#!/usr/bin/env bash
# Runs the whole Gateway test suite on a fresh Debian 12 machine.
#
# 1. Checks that the shared test data sits beside the repository (../shared/testdata); stops if not.
# 2. Installs the external tools that integration tests drive (SIPp, rtpengine, Chromium, Kamailio with its
#    rtpengine module, driving our ng server) and npm (the sample's
#    build bundles the web phone page with it) when they are missing. Installation is best effort: if apt
#    fails, a warning is printed and the tests still run; a test that needs a missing tool then fails and
#    says so.
# 3. Runs `dotnet test` over the solution in Release and exits with its exit code.
#
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Parser]
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

log() { printf '[test.sh] %s\n' "$*"; }
warn() { printf '[test.sh] WARNING: %s\n' "$*" >&2; }

# Tool name on PATH -> Debian package that provides it.
declare -A tools=(
    [sipp]=sip-tester
    [rtpengine]=rtpengine-daemon
    [chromium]=chromium
    [npm]=npm
    [kamailio]=kamailio
)

install_missing_tools() {
    local missing=()
    local tool
    for tool in "${!tools[@]}"; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            missing+=("${tools[$tool]}")
        fi
    done

    if [[ ${#missing[@]} -eq 0 ]]; then
        log "sipp, rtpengine, chromium, npm and kamailio are present."
        return 0
    fi

    log "Missing packages: ${missing[*]}"

    if ! command -v apt-get >/dev/null 2>&1; then
        warn "apt-get not found; cannot install ${missing[*]}. Tests that need them will fail."
        return 0
    fi

    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            warn "not root and no sudo; cannot install ${missing[*]}. Tests that need them will fail."
            return 0
        fi
    fi

    # --no-install-recommends keeps rtpengine from pulling in its kernel-module (DKMS) build.
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update; then
        warn "apt-get update failed; trying to install from the current package lists anyway."
    fi
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y --no-install-recommends "${missing[@]}"; then
        warn "apt-get install ${missing[*]} failed. Tests that need them will fail."
        return 0
    fi

    for tool in "${!tools[@]}"; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            warn "$tool is still not on PATH after installing ${tools[$tool]}."
        fi
    done
}

testdata="$repo_root/../shared/testdata"
if [[ ! -d "$testdata" ]]; then
    printf '[test.sh] ERROR: test data not found at %s\n' "$testdata" >&2
    printf '[test.sh] The shared test data folder must sit beside the repository: <parent>/shared/testdata\n' >&2
    exit 2
fi
log "Test data: $(cd "$testdata" && pwd)"

install_missing_tools

set +e
dotnet test Gateway.slnx -c Release --logger "console;verbosity=normal" "$@"
status=$?
set -e

if [[ $status -eq 0 ]]; then
    log "All tests passed."
else
    log "dotnet test failed with exit code $status."
fi
exit "$status"
