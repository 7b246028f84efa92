#!/usr/bin/env bash
# Bounded loopback load of stateless OPTIONS -> 200 over WebSocket (subprotocol sip): LoadHost's ClientWebSocket
# client (N connections, one request in flight each) against the load host. Prints answered/s, the client's CPU and
# the host's CPU µs and allocated bytes per message. 127.0.0.1 only; stops by itself.
#
# Usage: benchmarks/transports/ws-options-load.sh [connections, default 16] [seconds, default 10]
set -euo pipefail

connections="${1:-16}"
seconds="${2:-10}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
udp_port=15060
ws_port=18080
work="$(mktemp -d)"

dotnet build "$here/LoadHost" -c Release -nologo -v quiet >/dev/null
host_dll="$here/LoadHost/bin/Release/net10.0/LoadHost.dll"

mkfifo "$work/host.stdin"
dotnet "$host_dll" server "127.0.0.1:$udp_port" "127.0.0.1:$ws_port" 120 1 <"$work/host.stdin" >"$work/host.out" 2>&1 &
host_pid=$!
exec 3>"$work/host.stdin"
cleanup() { exec 3>&- 2>/dev/null || true; kill "$host_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 1 100); do grep -q ready "$work/host.out" 2>/dev/null && break; sleep 0.1; done

timeout $((seconds + 30)) dotnet "$host_dll" ws-client "ws://127.0.0.1:$ws_port/" "$connections" "$seconds" 5000000

exec 3>&-
wait "$host_pid" || true
grep -E "^server:" "$work/host.out"
