#!/usr/bin/env bash
# Bounded loopback REGISTER load against the registrar (RegistrarHost: Gateway.Core + Gateway.Transports, UDP,
# pipeline MaxForwards -> registrar -> lookup). One host serves every rate; each rate registers its own fresh
# users (sipp -inf with a generated users file, SEQUENTIAL: u<rate>x<n>), so every REGISTER creates a binding.
# Per rate: registrations sent / successful / failed, registrations/s achieved, the host's CPU seconds per 1,000
# registrations (utime+stime from /proc/<pid>/stat before/after, / CLK_TCK) and the bindings the host holds.
# At the end: the managed heap retained per binding, measured in the host once its transactions are gone.
# Everything runs on 127.0.0.1 and stops by itself (sipp -m/-timeout under `timeout`, host time limit, trap).
#
# Usage: benchmarks/registrar/register-load.sh [calls per rate, default 20000] [rates, default "1000 2000 5000 8000"; the first warms the host up]
#        [sipp transport, default un: up to <sockets> UDP sockets, so users arrive on many flows like phones do;
#         u1: every user on one UDP socket = one flow] [sockets for un, default 1000]
set -euo pipefail

calls="${1:-20000}"
rates="${2:-1000 2000 5000 8000}"
transport="${3:-un}"
sockets="${4:-1000}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port=15070
work="$(mktemp -d)"
host_pid=""
sipp_pid=""

cleanup() {
    exec 3>&- 2>/dev/null || true
    [[ -n "$sipp_pid" ]] && kill "$sipp_pid" 2>/dev/null || true
    [[ -n "$host_pid" ]] && kill "$host_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

dotnet build "$here/RegistrarHost" -c Release -nologo -v quiet >/dev/null
host_dll="$here/RegistrarHost/bin/Release/net10.0/RegistrarHost.dll"
clk_tck=$(getconf CLK_TCK)

# Host CPU seconds so far: fields 14 (utime) and 15 (stime) of /proc/<pid>/stat, after the ")" of the name.
host_cpu() { awk -v tck="$clk_tck" '{ sub(/.*\) /, ""); printf "%.3f", ($12 + $13) / tck }' "/proc/$host_pid/stat"; }

# The host serves until its stdin closes (or 600 s pass); "stats" lines ask for the binding count.
mkfifo "$work/host.stdin"
dotnet "$host_dll" "127.0.0.1:$port" 600 <"$work/host.stdin" >"$work/host.out" 2>&1 &
host_pid=$!
exec 3>"$work/host.stdin"
for _ in $(seq 1 200); do grep -q ready "$work/host.out" 2>/dev/null && break; sleep 0.1; done
grep -q ready "$work/host.out" || { cat "$work/host.out"; exit 1; }
echo "host: $(grep -m1 '^pid=' "$work/host.out") (dotnet pid $host_pid), udp 127.0.0.1:$port, CLK_TCK=$clk_tck, sipp -t $transport (max_socket $sockets), $calls calls per rate"
echo "load average before: $(uptime | sed 's/.*load average: //')"

bindings() {
    local before
    before=$(grep -c '^stats:' "$work/host.out" || true)
    echo stats >&3
    for _ in $(seq 1 50); do [[ $(grep -c '^stats:' "$work/host.out" || true) -gt $before ]] && break; sleep 0.1; done
    grep '^stats:' "$work/host.out" | tail -1 | sed 's/.*bindings=\([0-9]*\).*/\1/'
}

printf '%-8s %8s %8s %10s %7s %12s %8s %16s %10s %6s\n' rate/s sent retrans successful failed achieved/s wall_s host_cpu_s/1000 bindings load1
for rate in $rates; do
    users="$work/users-$rate.csv"
    { echo SEQUENTIAL; seq -f "u${rate}x%06g" 1 "$calls"; } >"$users"
    run="$work/run-$rate"
    mkdir -p "$run"
    cpu_before=$(host_cpu)
    start=$(date +%s.%N)
    set +e
    (cd "$run" && exec timeout 120 sipp "127.0.0.1:$port" -sf "$here/register-uac.xml" -inf "$users" -t "$transport" -max_socket "$sockets" -i 127.0.0.1 -p 0 \
        -r "$rate" -rp 1000 -m "$calls" -l 10000 -recv_timeout 5000 -timeout 100s -nostdin -trace_screen -trace_stat -fd 1 \
        >"$run/sipp.out" 2>"$run/sipp.err") &
    sipp_pid=$!
    wait "$sipp_pid"
    status=$?
    sipp_pid=""
    set -e
    end=$(date +%s.%N)
    sleep 0.5  # let the host finish the last responses before reading its CPU
    cpu_after=$(host_cpu)
    screen=$(ls "$run"/*_screen.log 2>/dev/null | head -1 || true)
    stat=$(ls "$run"/*_.csv 2>/dev/null | head -1 || true)
    sent=$(grep -E '^\s*REGISTER -+>' "$screen" 2>/dev/null | tail -1 | awk '{print $3}' || true)
    retrans=$(grep -E '^\s*REGISTER -+>' "$screen" 2>/dev/null | tail -1 | awk '{print $4}' || true)
    successful=$(grep -E '^\s*Successful call' "$screen" 2>/dev/null | tail -1 | awk -F'|' '{gsub(/ /, "", $NF); print $NF}' || true)
    failed=$(grep -E '^\s*Failed call' "$screen" 2>/dev/null | tail -1 | awk -F'|' '{gsub(/ /, "", $NF); print $NF}' || true)
    elapsed=$(echo "$end - $start" | bc)
    # Achieved: successful registrations over sipp's own window, from its first call to its last answer (stat file:
    # StartTime and CurrentTime carry epoch seconds as their third tab-separated part).
    achieved=$(tail -1 "$stat" 2>/dev/null | awk -F';' -v ok="${successful:-0}" '{ split($1, a, "\t"); split($3, b, "\t"); if (b[3] > a[3]) printf "%.0f", ok / (b[3] - a[3]); else print "?" }' || echo "?")
    cpu_per_1000=$(echo "scale=3; ($cpu_after - $cpu_before) * 1000 / ${successful:-1}" | bc)
    load1=$(uptime | sed 's/.*load average: \([0-9.]*\).*/\1/')
    printf '%-8s %8s %8s %10s %7s %12s %8.2f %16s %10s %6s\n' "$rate" "${sent:-?}" "${retrans:-?}" "${successful:-?}" "${failed:-?}" "$achieved" "$elapsed" "$cpu_per_1000" "$(bindings)" "$load1"
    [[ $status -eq 0 ]] || echo "  sipp exit=$status: $(tail -3 "$run/sipp.err" | tr '\n' ' ')"
done

echo "load average after: $(uptime | sed 's/.*load average: //')"
exec 3>&-
echo "waiting 35 s for the host to settle and measure bytes per binding"
for _ in $(seq 1 700); do kill -0 "$host_pid" 2>/dev/null || break; sleep 0.1; done
grep -E '^exit:' "$work/host.out" || { echo "host output:"; tail -20 "$work/host.out"; }
