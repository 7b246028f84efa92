#!/usr/bin/env bash
# Bounded loopback load of full calls through the relay: sipp UAC -> RelayHost (stateful, record-route, UDP) -> sipp
# UAS, with sipp's built-in uac/uas call flow (INVITE/100/180/200/ACK/BYE/200) in scenario files that follow the
# route set (relay-uac.xml, relay-uas.xml). One fixed rate after the other (after an unreported JIT warm-up round);
# for each rate a fresh UAS, then the UAC for <seconds> worth of calls, then a drain until the relay's transactions
# have ended. Prints per rate, as a Markdown table row:
#   calls successful and failed (UAC side; failure %), calls the UAS counted failed, retransmissions (UAC + UAS),
#   datagrams the kernel dropped at the relay's / UAS's / UAC's socket (/proc/net/udp), how long the UAC took to place
#   its calls (±1 s: the rate was held if this is <seconds>) and until it ended, the relay's CPU seconds per 1,000
#   successful calls from /proc/<pid>/stat ((utime+stime) / CLK_TCK) during the load and including the drain, the
#   relay's bytes allocated per call and GC pause time during the load, and both sipps' CPU per 1,000 calls.
# and, per rate, the relay's own counters (messages, live transactions, GC counts and pauses by kind, and per kind of
# message the time and bytes the transaction layer took on the receive thread) and sipp's failure reasons.
# Everything runs on 127.0.0.1; every process is bounded (sipp -m/-timeout/-recv_timeout under `timeout`, the relay
# stops when its stdin closes or its time limit passes) and everything started here is killed on exit.
#
# Usage: benchmarks/proxy/relay-call-load.sh [rates, default "200 500 1000 1500"] [seconds per rate, default 10]
#        [relay UDP receive threads, default 2] [drain seconds after each rate, default 34; 0 = no drain]
# Environment: RELAY_PERF=<rate> records `perf record -g` of the relay during that rate and prints where its CPU
#              went (perf-breakdown.py; perf.data kept in the work dir); RELAY_MAX_TRANSACTIONS the relay's limit
#              (default 300000, the library's); RELAY_T1_MS its T1 (default 500; transactions linger 64*T1 after a
#              final response); RELAY_GC=workstation (default: non-concurrent workstation GC, as built) | concurrent |
#              server | retainvm | concurrent-retainvm; RELAY_LIVE=1 asks the relay, after each rate's load, for the
#              bytes its live transactions retain (a forced full GC, charged to the drain column); WARMUP=<rate>
#              for the warm-up round (default 250 calls/s for 4 s; 0 = none).
set -euo pipefail

rates="${1:-200 500 1000 1500}"
seconds="${2:-10}"
loops="${3:-2}"
drain="${4:-34}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
relay_port=25060
uas_port=25070
uac_port=25080
clk_tck=$(getconf CLK_TCK)
work="$(mktemp -d -t relay-load.XXXXXX)"
host_pid=""
uas_pid=""
perf_pid=""
sampler_pid=""

# Kills <pid> and every process below it (by parent id): the `time`/`timeout`/sipp chains started here.
kill_tree() {
    local child
    for child in $(pgrep -P "$1" 2>/dev/null); do kill_tree "$child" "$2"; done
    kill "$2" "$1" 2>/dev/null
}

cleanup() {
    set +e
    exec 3>&- 2>/dev/null
    for pid in $sampler_pid $perf_pid $uas_pid $host_pid; do kill_tree "$pid" -TERM; done
    sleep 0.3
    for pid in $sampler_pid $perf_pid $uas_pid $host_pid; do kill_tree "$pid" -KILL; done
    if [[ -n "${RELAY_PERF:-}" && -f "$work/perf.data" ]]; then
        echo "perf data kept in $work (managed symbols: /tmp/perf-<relay pid>.map, written by the runtime; delete both when done)"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for port in $relay_port $uas_port $uac_port; do
    if ss -Hlun "sport = :$port" | grep -q .; then
        echo "UDP port $port is in use; stop whatever holds it first" >&2
        exit 1
    fi
done

dotnet build "$here/RelayHost" -c Release -nologo -v quiet >/dev/null
host_dll="$here/RelayHost/bin/Release/net10.0/RelayHost.dll"

# Upper bound for the whole run: per rate the calls, the tail, the drain; plus start-up.
n_rates=$(wc -w <<<"$rates")
host_limit=$((100 + drain + (n_rates + 1) * (seconds + drain + 90)))

# The relay serves until its stdin (a FIFO held open on fd 3) closes; "stats <label>" lines ask for its counters.
mkfifo "$work/host.stdin"
relay_env=()
# perf needs the JIT's perf map and JIT code outside the W^X double mapping to name managed frames.
if [[ -n "${RELAY_PERF:-}" ]]; then relay_env+=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0); fi
case "${RELAY_GC:-}" in
    "" | workstation) ;;
    concurrent) relay_env+=(DOTNET_gcConcurrent=1) ;;
    server) relay_env+=(DOTNET_gcServer=1) ;;
    retainvm) relay_env+=(DOTNET_GCRetainVM=1) ;;
    concurrent-retainvm) relay_env+=(DOTNET_gcConcurrent=1 DOTNET_GCRetainVM=1) ;;
    *) echo "RELAY_GC must be workstation, concurrent, server, retainvm or concurrent-retainvm" >&2; exit 2 ;;
esac
echo "relay GC: ${RELAY_GC:-workstation} ${relay_env[*]}"
env "${relay_env[@]}" dotnet "$host_dll" "127.0.0.1:$relay_port" "127.0.0.1:$uas_port" "$host_limit" "$loops" \
    "${RELAY_MAX_TRANSACTIONS:-300000}" "${RELAY_T1_MS:-500}" <"$work/host.stdin" >"$work/host.out" 2>&1 &
host_pid=$!
exec 3>"$work/host.stdin"
for _ in $(seq 1 150); do grep -q '^ready' "$work/host.out" 2>/dev/null && break; sleep 0.1; done
if ! grep -q '^ready' "$work/host.out"; then
    echo "relay did not start:" >&2
    cat "$work/host.out" >&2
    exit 1
fi
grep '^ready' "$work/host.out"

# utime+stime of the relay, in clock ticks (fields 14 and 15 of /proc/<pid>/stat; cut after the ")" of comm).
ticks() { sed 's/^.*) //' "/proc/$host_pid/stat" | awk '{ print $12 + $13 }'; }

# Prints host stats line for <label> (the line the relay answers with).
host_stats() {
    echo "stats $1" >&3
    for _ in $(seq 1 50); do
        grep -q "^stats label=$1 " "$work/host.out" && break
        sleep 0.1
    done
    grep "^stats label=$1 " "$work/host.out" | tail -1
}

# Value of column <name> in the last line of sipp's -trace_stat CSV <file>.
stat_col() {
    awk -F';' -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) col = i } END { if (col) print $col + 0; else print "?" }' "$1"
}

# Datagrams the kernel dropped at the UDP socket bound to 127.0.0.1:<port> (receive buffer full): /proc/net/udp "drops".
udp_drops() {
    awk -v port="$(printf ':%04X' "$1")" 'substr($2, length($2) - 4) == port { n += $NF } END { print n + 0 }' /proc/net/udp
}

# Samples the drops of the sipp sockets (they vanish when sipp exits) every 0.2 s into <file>, until killed.
sample_drops() {
    while :; do
        echo "$(udp_drops "$uas_port") $(udp_drops "$uac_port")" >>"$1"
        sleep 0.2
    done
}

# Seconds from the UAC's start until it had placed <calls> calls (its 1-s statistics rows: ±1 s), "?" if it never did.
send_seconds() {
    awk -F';' -v calls="$2" 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "TotalCallCreated") c = i; if ($i == "CurrentTime") t = i; if ($i == "StartTime") s = i } next }
        { split($s, a, "\t"); split($t, b, "\t"); if (!done && $c >= calls) { printf "%.0f", b[3] - a[3]; done = 1 } }
        END { if (!done) printf "?" }' "$1"
}

# Value of key=<name> in a stats line.
kv() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k { print $2 }'; }

# sipp's error log (-trace_err) as counts per kind of event, e.g. "12x unexpected BYE, 1x 180 while pausing".
error_kinds() {
    grep -oE "unexpected BYE|while (pausing|expecting '[^']*') \(index [0-9]+\), received '[^ ]+ [^ ]+( [^ ]+)?|receive timeout|Dead call|Max retrans[a-z ]*" "$1" \
        | sed -E "s/\(index [0-9]+\), //; s/received 'SIP\/2.0/got/; s/received '/got /; s/ sip:.*//" \
        | sort | uniq -c | sort -rn | head -6 | awk '{ n = $1; $1 = ""; printf "%s%dx%s", sep, n, $0; sep = ";" }'
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
results=()
# The first round (WARMUP calls/s for 4 s) warms the JIT and is not in the table.
warmup="${WARMUP:-250}"
rounds="$rates"
if [[ "$warmup" != 0 ]]; then rounds="warmup $rates"; fi
for round in $rounds; do
    if [[ "$round" == warmup ]]; then rate=$warmup; seconds_now=4; else rate=$round; seconds_now=$seconds; fi
    calls=$((rate * seconds_now))
    dir="$work/$round"
    mkdir -p "$dir"
    sipp_limit=$((seconds_now + 40))

    (cd "$dir" && exec /usr/bin/time -f "%U %S" -o "$dir/uas.time" timeout $((sipp_limit + 20)) sipp -sf "$here/relay-uas.xml" \
        -i 127.0.0.1 -p "$uas_port" -t u1 -m "$calls" -timeout "${sipp_limit}s" -recv_timeout 10000 -buff_size 4194304 -nostdin \
        -trace_stat -stf "$dir/uas.csv" -fd 1 -trace_err -error_file "$dir/uas.err" >/dev/null 2>&1) &
    uas_pid=$!
    sleep 0.5

    before=$(host_stats "before-$round")
    relay_drops0=$(udp_drops "$relay_port")
    sample_drops "$dir/drops" &
    sampler_pid=$!
    t0=$(ticks)
    [[ "${RELAY_PERF:-}" == "$round" ]] && { perf record -F 999 -g -p "$host_pid" -o "$work/perf.data" >"$work/perf.out" 2>&1 & perf_pid=$!; }
    start=$(date +%s.%N)
    set +e
    (cd "$dir" && /usr/bin/time -f "%U %S" -o "$dir/uac.time" timeout $((sipp_limit + 20)) sipp "127.0.0.1:$relay_port" \
        -sf "$here/relay-uac.xml" -s service -i 127.0.0.1 -p "$uac_port" -t u1 -r "$rate" -rp 1000 -m "$calls" \
        -l $((rate * 5)) -timeout "${sipp_limit}s" -recv_timeout 10000 -buff_size 4194304 -nostdin \
        -trace_stat -stf "$dir/uac.csv" -fd 1 -trace_screen -trace_err -error_file "$dir/uac.err" >/dev/null 2>&1)
    uac_status=$?
    end=$(date +%s.%N)
    t1=$(ticks)
    if [[ -n "$perf_pid" ]]; then kill -INT "$perf_pid" 2>/dev/null; wait "$perf_pid"; perf_pid=""; fi
    # The UAS ends after its last call's timewait; bounded by its own -timeout and the `timeout` wrapper.
    wait "$uas_pid"
    uas_status=$?
    uas_pid=""
    kill "$sampler_pid" 2>/dev/null
    wait "$sampler_pid" 2>/dev/null
    sampler_pid=""
    set -e
    relay_drops=$(( $(udp_drops "$relay_port") - relay_drops0 ))
    read -r uas_drops uac_drops < <(awk '{ if ($1 > a) a = $1; if ($2 > b) b = $2 } END { print a + 0, b + 0 }' "$dir/drops")
    loaded=$(host_stats "loaded-$round")
    if [[ -n "${RELAY_LIVE:-}" ]]; then
        echo "live $round" >&3
        for _ in $(seq 1 100); do grep -q "^live label=$round " "$work/host.out" && break; sleep 0.1; done
        echo "  relay: $(grep "^live label=$round " "$work/host.out" | tail -1)"
    fi

    # Let the relay's transactions end (Timer L/M/J: 64*T1 = 32 s) so their timers are charged to this rate.
    for _ in $(seq 1 "$drain"); do
        now=$(host_stats "drain-$round-$RANDOM")
        [[ "$(kv "$now" server_tx)" == 0 && "$(kv "$now" client_tx)" == 0 ]] && break
        sleep 1
    done
    t2=$(ticks)

    ok=$(stat_col "$dir/uac.csv" "SuccessfulCall(C)")
    failed=$(stat_col "$dir/uac.csv" "FailedCall(C)")
    uas_failed=$(stat_col "$dir/uas.csv" "FailedCall(C)")
    retrans=$(( $(stat_col "$dir/uac.csv" "Retransmissions(C)") + $(stat_col "$dir/uas.csv" "Retransmissions(C)") ))
    wall=$(echo "$end - $start" | bc)
    placed=$(send_seconds "$dir/uac.csv" "$calls")
    read -r uac_u uac_s < <(tail -1 "$dir/uac.time") || true
    read -r uas_u uas_s < <(tail -1 "$dir/uas.time") || true
    alloc=$(( $(kv "$loaded" alloc_bytes) - $(kv "$before" alloc_bytes) ))
    received=$(( $(kv "$loaded" received) - $(kv "$before" received) ))
    pause=$(( $(kv "$loaded" gc_pause_ms) - $(kv "$before" gc_pause_ms) ))
    line=$(awk -v rate="$rate" -v calls="$calls" -v ok="$ok" -v failed="$failed" -v uf="$uas_failed" -v rt="$retrans" \
        -v t0="$t0" -v t1="$t1" -v t2="$t2" -v hz="$clk_tck" -v wall="$wall" -v alloc="$alloc" \
        -v cu="$uac_u" -v cs="$uac_s" -v su="$uas_u" -v ss="$uas_s" -v drops="$relay_drops/$uas_drops/$uac_drops" -v pause="$pause" -v placed="$placed" 'BEGIN {
            n = ok + failed; pct = n ? 100 * failed / n : 0
            load = (t1 - t0) / hz; total = (t2 - t0) / hz
            printf "| %5d | %6d | %6d | %6d (%.3f%%) | %4d | %5d | %s | %s | %6.1f | %5.2f | %5.2f | %4.0f | %5d | %5.2f |\n",
                rate, calls, ok, failed, pct, uf, rt, drops, placed, wall, 1000 * load / (ok ? ok : 1), 1000 * total / (ok ? ok : 1),
                alloc / (ok ? ok : 1) / 1024, pause, (cu + cs + su + ss) * 1000 / (ok ? ok : 1) }')
    [[ "$round" != warmup ]] && results+=("$line")
    label="rate"; [[ "$round" == warmup ]] && label="warm-up rate"
    echo "$label $rate/s: uac exit=$uac_status uas exit=$uas_status relay messages in=$received; $line"
    for side in uac uas; do
        if [[ -s "$dir/$side.err" ]]; then
            echo "  $side events: $(error_kinds "$dir/$side.err")"
        fi
    done
    echo "  relay: $loaded"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "| Offered calls/s | Calls | Successful | Failed (%) | UAS failed | Retransmissions | UDP drops relay/UAS/UAC | Calls placed in s | UAC wall s | Relay CPU s / 1,000 calls (load) | (incl. transaction drain) | Relay KB allocated / call | Relay GC pause ms | sipp UAC+UAS CPU s / 1,000 calls |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for line in "${results[@]}"; do echo "$line"; done

exec 3>&-
wait "$host_pid" 2>/dev/null || true
host_pid=""
# The relay's warnings, counted by event, with the first of each.
awk '/^(warn|fail|crit): / { event = $0; getline text; n[event]++; if (!(event in first)) first[event] = text }
    END { for (e in n) printf "relay log: %dx %s e.g.%s\n", n[e], e, first[e] }' "$work/host.out"
if [[ -n "${RELAY_PERF:-}" && -f "$work/perf.data" ]]; then
    echo
    echo "relay CPU during rate $RELAY_PERF (perf, $(cut -d' ' -f1 /proc/loadavg) load):"
    perf script -i "$work/perf.data" -F comm,tid,ip,sym,dso 2>/dev/null | python3 "$here/perf-breakdown.py"
fi
