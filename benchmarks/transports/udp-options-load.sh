#!/usr/bin/env bash
# Bounded loopback load of stateless OPTIONS -> 200 over UDP against the load host (LoadHost, Gateway.Transports +
# a stateless responder). Two senders, one after the other:
#   1. sipp (scenario options-uac.xml) at a fixed rate: every call must get its 200;
#   2. LoadHost's closed-loop UDP client (1 socket, 32 requests in flight), cheaper per message than sipp, for the
#      highest answered rate.
# Prints answered/s, CPU seconds of sender and host, and the host's CPU µs and allocated bytes per message.
# Everything runs on 127.0.0.1 and stops by itself (sipp -m/-timeout, client and host time limits).
#
# Usage: benchmarks/transports/udp-options-load.sh [sipp rate/s, default 5000] [sipp calls, default 30000]
#        [client seconds, default 10] [udp receive threads, default 2]
set -euo pipefail

sipp_rate="${1:-5000}"
sipp_calls="${2:-30000}"
client_seconds="${3:-10}"
loops="${4:-2}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
udp_port=15060
ws_port=18080
work="$(mktemp -d)"

dotnet build "$here/LoadHost" -c Release -nologo -v quiet >/dev/null
host_dll="$here/LoadHost/bin/Release/net10.0/LoadHost.dll"

# The host serves until its stdin closes (or 180 s pass).
mkfifo "$work/host.stdin"
dotnet "$host_dll" server "127.0.0.1:$udp_port" "127.0.0.1:$ws_port" 180 "$loops" <"$work/host.stdin" >"$work/host.out" 2>&1 &
host_pid=$!
exec 3>"$work/host.stdin"
cleanup() { exec 3>&- 2>/dev/null || true; kill "$host_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 1 100); do grep -q ready "$work/host.out" 2>/dev/null && break; sleep 0.1; done

set +e
start=$(date +%s.%N)
(cd "$work" && /usr/bin/time -f "sipp_cpu_s=%U+%S" timeout 120 sipp "127.0.0.1:$udp_port" -sf "$here/options-uac.xml" -t u1 \
    -i 127.0.0.1 -r "$sipp_rate" -rp 1000 -m "$sipp_calls" -l 5000 -max_socket 10 -recv_timeout 5000 -timeout 100s -nostdin \
    -trace_screen >"$work/sipp.out" 2>"$work/sipp.err")
sipp_status=$?
end=$(date +%s.%N)
set -e
# sipp's final screen: "Successful call | <periodic> | <cumulative>".
successful=$(grep -E "^\s*Successful call" "$work"/*_screen.log 2>/dev/null | tail -1 | awk -F'|' '{gsub(/ /, "", $NF); print $NF}')
failed=$(grep -E "^\s*Failed call" "$work"/*_screen.log 2>/dev/null | tail -1 | awk -F'|' '{gsub(/ /, "", $NF); print $NF}')
elapsed=$(echo "$end - $start" | bc)
echo "sipp: exit=$sipp_status rate_asked=$sipp_rate/s calls=$sipp_calls successful=${successful:-?} failed=${failed:-?} wall_s=$elapsed"
grep sipp_cpu_s "$work/sipp.err" || true

timeout $((client_seconds + 30)) dotnet "$host_dll" udp-client "127.0.0.1:$udp_port" 1 32 "$client_seconds" 5000000

exec 3>&-
wait "$host_pid" || true
grep -E "^server:" "$work/host.out"
