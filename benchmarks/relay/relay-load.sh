#!/usr/bin/env bash
# Relay load: N calls at RATE packets/s per direction (172-byte RTP) for SECONDS through (a) our daemon
# (samples/MediaRelay) and (b) rtpengine (userspace), both driven over ng with identical offers/answers by RelayLoad/,
# in two modes: plain (RTP/AVP <-> RTP/AVP) and srtp (SDES-SRTP RTP/SAVP <-> plain RTP/AVP). A "direct" run (the
# phones send to each other, no relay) gives the floor of the latency measurement. Latency is send time (in the
# payload) to the kernel's receive time stamp at the far phone. Prints one RESULT line per run and ratios.
#   benchmarks/relay/relay-load.sh [CALLS=200] [SECONDS=20] [RATE=50]
# Environment: MODES="plain srtp" (which modes), THREADS (packet threads of each relay, default nproc), WARMUP=3 (seconds of load before the measured SECONDS), PIN=1|0 (default 1 on >= 2 CPUs: the relay runs on CPU 0 and the
# generator on CPU 1, so the generator does not steal the relay's core), RELAYS="ours rtpengine".
set -euo pipefail
CALLS=${1:-200}
SECONDS_=${2:-20}
RATE=${3:-50}
WARMUP=${WARMUP:-3}
MODES=${MODES:-plain srtp}
# Both relays get the same number of packet threads (rtpengine's own default is 4 here, ours one per CPU it may use).
THREADS=${THREADS:-$(nproc)}
RELAYS=${RELAYS:-ours rtpengine}
CPUS=$(nproc)
PIN=${PIN:-$([[ $CPUS -ge 2 ]] && echo 1 || echo 0)}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$(mktemp -d)
RELAY_PID=""
# SIGTERM, not SIGINT: a non-interactive shell starts background jobs with SIGINT ignored.
cleanup() {
  if [[ -n "$RELAY_PID" ]] && kill -0 "$RELAY_PID" 2>/dev/null; then kill -TERM "$RELAY_PID"; sleep 1; kill -KILL "$RELAY_PID" 2>/dev/null || true; fi
}
trap 'cleanup; rm -rf "$OUT"' EXIT

dotnet build -c Release "$ROOT/samples/MediaRelay" -v q -nologo >/dev/null
dotnet build -c Release "$HERE/RelayLoad" -v q -nologo >/dev/null
DAEMON="$ROOT/samples/MediaRelay/bin/Release/net10.0/MediaRelay.dll"
LOAD="$HERE/RelayLoad/bin/Release/net10.0/RelayLoad.dll"
RELAY_CPU=(); LOAD_CPU=()
if [[ $PIN == 1 ]]; then RELAY_CPU=(taskset -c 0); LOAD_CPU=(taskset -c 1); fi

wait_ng() { # port
  for _ in $(seq 1 100); do
    if python3 -c "import socket,sys;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.settimeout(0.2);s.sendto(b'p d7:command4:pinge',('127.0.0.1',$1));sys.exit(0 if b'pong' in s.recv(100) else 1)" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "ng on port $1 never answered" >&2; return 1
}

load() { # name mode ng-port
  # The generator completes its receives on the socket engine thread: with a thread-pool hop per datagram it
  # saturates its own CPU and its sender falls behind, and the bursts it then sends show up as relay latency.
  DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 timeout $((SECONDS_ + 120)) "${LOAD_CPU[@]}" dotnet "$LOAD" --ng "127.0.0.1:$3" --pid "${RELAY_PID:-0}" --calls "$CALLS" \
    --seconds "$SECONDS_" --warmup "$WARMUP" --rate "$RATE" --mode "$2" --name "$1" | tee -a "$OUT/results"
}

start_relay() { # name
  case $1 in
    ours)
      "${RELAY_CPU[@]}" dotnet "$DAEMON" -i 127.0.0.1 -n 127.0.0.1:22301 -m 40000 -M 44999 --timeout 60 --num-threads "$THREADS" --foreground \
        --Logging:LogLevel:Default=Warning >"$OUT/ours.log" 2>&1 &
      RELAY_PID=$!; wait_ng 22301; NG_PORT=22301 ;;
    rtpengine)
      "${RELAY_CPU[@]}" rtpengine --config-file=none --table=-1 --interface=127.0.0.1 --listen-ng=127.0.0.1:22302 \
        --port-min=45000 --port-max=49999 --num-threads="$THREADS" --foreground --delete-delay=0 --log-level=4 --log-stderr >"$OUT/rtpengine.log" 2>&1 &
      RELAY_PID=$!; wait_ng 22302; NG_PORT=22302 ;;
  esac
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); cpus $CPUS; relay threads $THREADS; pinned: $([[ $PIN == 1 ]] && echo 'relay on CPU 0, generator on CPU 1' || echo no)"
RELAY_PID=""; load direct direct 0
for relay in $RELAYS; do
  if [[ $relay == rtpengine ]] && ! command -v rtpengine >/dev/null; then echo "rtpengine not installed: skipped"; continue; fi
  for mode in $MODES; do
    start_relay "$relay"
    load "$relay" "$mode" "$NG_PORT"
    cleanup; wait "$RELAY_PID" 2>/dev/null || true; RELAY_PID=""
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

awk '
  { name = $2; split($3, m, "="); key = name "/" m[2]; for (i = 4; i <= NF; i++) { split($i, kv, "="); v[key, kv[1]] = kv[2] } keys[key] = 1 }
  function r(a, b) { return b ? a / b : 0 }
  END {
    floor = v["direct/direct", "p99_us"]
    for (k in keys) if (k != "direct/direct") printf "added %s: p50 %d us, p99 %d us (minus the direct floor p99 %d us)\n", k, v[k, "p50_us"] - v["direct/direct", "p50_us"], v[k, "p99_us"] - floor, floor
    n = split("plain srtp", modes, " ")
    for (j = 1; j <= n; j++) {
      o = "ours/" modes[j]; e = "rtpengine/" modes[j]
      if (!((o, "sent") in v) || !((e, "sent") in v)) continue
      printf "ratio ours/rtpengine %s: p50 %.2f  p99 %.2f  cpu/packet %.2f\n", modes[j], r(v[o, "p50_us"], v[e, "p50_us"]), r(v[o, "p99_us"], v[e, "p99_us"]), r(v[o, "cpu_s_per_100k"], v[e, "cpu_s_per_100k"])
    }
  }' "$OUT/results"
