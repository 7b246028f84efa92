#!/usr/bin/env bash
# Relay load: N plain<->plain calls at RATE packets/s per direction (172-byte RTP) for SECONDS through
# (a) our daemon (samples/MediaRelay) and (b) rtpengine (userspace), both driven over ng with identical
# offers/answers by RelayLoad/. Prints one RESULT line per relay and the ours/rtpengine ratios.
#   benchmarks/relay/relay-load.sh [CALLS=200] [SECONDS=20] [RATE=50]
set -euo pipefail
CALLS=${1:-200}
SECONDS_=${2:-20}
RATE=${3:-50}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$(mktemp -d)
RELAY_PID=""
# SIGTERM, not SIGINT: a non-interactive shell starts background jobs with SIGINT ignored.
cleanup() {
  if [[ -n "$RELAY_PID" ]] && kill -0 "$RELAY_PID" 2>/dev/null; then kill -TERM "$RELAY_PID"; sleep 1; kill -KILL "$RELAY_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

dotnet build -c Release "$ROOT/samples/MediaRelay" -v q -nologo >/dev/null
dotnet build -c Release "$HERE/RelayLoad" -v q -nologo >/dev/null
DAEMON="$ROOT/samples/MediaRelay/bin/Release/net10.0/MediaRelay.dll"
LOAD="$HERE/RelayLoad/bin/Release/net10.0/RelayLoad.dll"

wait_ng() { # port
  for _ in $(seq 1 100); do
    if python3 -c "import socket,sys;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.settimeout(0.2);s.sendto(b'p d7:command4:pinge',('127.0.0.1',$1));sys.exit(0 if b'pong' in s.recv(100) else 1)" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "ng on port $1 never answered" >&2; return 1
}

run() { # name ng-port
  timeout $((SECONDS_ + 120)) dotnet "$LOAD" --ng "127.0.0.1:$2" --pid "$RELAY_PID" --calls "$CALLS" --seconds "$SECONDS_" --rate "$RATE" --name "$1" | tee -a "$OUT/results"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# (a) ours, as shipped (the daemon runs socket completions inline on the epoll thread: no thread-pool hop per packet),
# then (a') with the hop (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0), what a library host gets by default.
for variant in ours ours-threadpool; do
  inline=1; [[ $variant == ours-threadpool ]] && inline=0
  DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=$inline dotnet "$DAEMON" -i 127.0.0.1 -n 127.0.0.1:22301 -m 40000 -M 44999 \
    --timeout 60 --foreground --Logging:LogLevel:Default=Warning >"$OUT/$variant.log" 2>&1 &
  RELAY_PID=$!
  wait_ng 22301
  run "$variant" 22301
  cleanup; wait "$RELAY_PID" 2>/dev/null || true; RELAY_PID=""
done

# (b) rtpengine, userspace forwarding (no kernel table)
if command -v rtpengine >/dev/null; then
  rtpengine --config-file=none --table=-1 --interface=127.0.0.1 --listen-ng=127.0.0.1:22302 \
    --port-min=45000 --port-max=49999 --foreground --delete-delay=0 --log-level=4 --log-stderr >"$OUT/rtpengine.log" 2>&1 &
  RELAY_PID=$!
  wait_ng 22302
  run rtpengine 22302
  cleanup; wait "$RELAY_PID" 2>/dev/null || true; RELAY_PID=""
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

awk '
  { for (i = 3; i <= NF; i++) { split($i, kv, "="); v[$2, kv[1]] = kv[2] } names[$2] = 1 }
  END {
    split("ours ours-threadpool", mine, " ")
    for (k = 1; k <= 2; k++) {
      o = mine[k]
      if (!((o, "sent") in v) || !(("rtpengine", "sent") in v)) continue
      printf "ratio %s/rtpengine: p50 %.2f  p99 %.2f  cpu/packet %.2f\n", o,
        v[o,"p50_us"] / (v["rtpengine","p50_us"] ? v["rtpengine","p50_us"] : 1),
        v[o,"p99_us"] / (v["rtpengine","p99_us"] ? v["rtpengine","p99_us"] : 1),
        v[o,"cpu_s_per_100k"] / (v["rtpengine","cpu_s_per_100k"] ? v["rtpengine","cpu_s_per_100k"] : 1)
    }
  }' "$OUT/results"
rm -rf "$OUT"
