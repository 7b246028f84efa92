#!/usr/bin/env python3
"""Where the relay's CPU goes, from a `perf record -g` of RelayHost (relay-call-load.sh with RELAY_PERF=<rate>).

Reads `perf script` output on stdin and prints two tables of sample shares:
  * by stage: the pipeline step each sample belongs to (first match walking from the leaf to the root), with the
    GC and page-fault work a step triggers charged to that step;
  * by kind of work: what the CPU was doing at the leaf (syscalls, page faults, allocation zeroing, runtime/GC,
    managed code by namespace).

Usage: perf script -i perf.data -F comm,tid,ip,sym,dso | benchmarks/proxy/perf-breakdown.py
"""
import sys
from collections import Counter

# (stage, substrings naming it in a frame). Each sample goes to the stage of the frame closest to its leaf that names
# one, so the GC work, page faults and BCL calls a step causes are charged to that step.
STAGES = [
    ("UDP sendto (syscall)", ("SocketPal::TryCompleteSendTo", "__libc_sendmsg")),
    ("UDP recvfrom (syscall)", ("SocketPal::TryCompleteReceiveFrom", "__libc_recvmsg")),
    ("validation on receive (SipMessageValidator)", ("SipMessageValidator::Validate",)),
    ("parse on receive (SipMessageParser)", ("SipMessageParser::Parse",)),
    ("Via received/rport stamp", ("ViaReceivedStamp",)),
    ("transaction timers (create/cancel/fire)", ("TimerQueue", "TransactionTimer", "TimerQueueTimer")),
    ("branch copy (serialise + re-parse per branch)", ("SipMessage::ToArray",)),
    ("proxy pipeline + relay (SipProxy, SipRelayState, middleware, routing)", ("Gateway.Core.Proxy.", "Gateway.Core.Routing.")),
    ("transaction layer (match, create, state)", ("Gateway.Core.Transactions.",)),
    ("transport other (receive loop, flows, receiver)", ("Gateway.Transports.", "Gateway.Core.Transport.")),
    ("thread pool (dispatch, spinning)", ("ThreadPoolWorkQueue", "PortableThreadPool", "WorkerThread")),
]

KINDS = [
    ("page faults (first touch of new GC heap pages)", lambda f: any("exc_page_fault" in x for x in f)),
    ("sendmsg/recvmsg system calls", lambda f: any(s in x for x in f for s in ("sendmsg", "recvmsg", "sendto", "recvfrom", "udp_"))),
    ("allocation zeroing (memset)", lambda f: "memset" in f[0]),
    ("kernel other (scheduling, futex, timers)", lambda f: f[0].endswith("[kernel]")),
    ("runtime native (GC, allocator, stubs)", lambda f: "libcoreclr" in f[0] or "libclrjit" in f[0]),
    ("libc other (futex, sched_yield)", lambda f: "libc.so" in f[0]),
    ("managed: SIP syntax (parse/validate/serialise)", lambda f: any(n in f[0] for n in ("Gateway.Core.Parsing", "Gateway.Core.Headers", "Gateway.Core.Uris", "Gateway.Core.Syntax", "Gateway.Core.Messages"))),
    ("managed: transactions, proxy, transport", lambda f: "[Gateway." in f[0]),
    ("managed: BCL (collections, threading, text)", lambda f: True),
]


def samples(stream):
    frames = []
    thread = ""
    for line in stream:
        line = line.rstrip("\n")
        if not line.strip():
            if frames:
                yield thread, frames
            frames = []
            continue
        if not line.startswith((" ", "\t")):
            thread = line.strip().rsplit(" ", 1)[0]
            continue
        parts = line.strip().split(" ", 1)
        text = parts[1] if len(parts) > 1 else parts[0]
        if "[kernel.kallsyms]" in text:
            text = text.replace("([kernel.kallsyms])", "[kernel]")
        frames.append(text)
    if frames:
        yield thread, frames


def stage_of(chain):
    for index, frame in enumerate(chain):
        for name, keys in STAGES:
            if any(k in frame for k in keys):
                # A re-parse of a branch copy is not a parse of what was received.
                if name.startswith("parse on receive") and any("SipRelayState" in f for f in chain[index:]):
                    return "branch copy (serialise + re-parse per branch)"
                return name
    return "other (GC/tiering threads, unresolved frames)"


def main():
    stages = Counter()
    kinds = Counter()
    threads = Counter()
    total = 0
    for thread, frames in samples(sys.stdin):
        total += 1
        threads[thread] += 1
        chain = frames
        stage = stage_of(chain)
        stages[stage] += 1
        kind = next(name for name, test in KINDS if test(chain))
        kinds[kind] += 1
    if total == 0:
        print("no samples")
        return
    print(f"{total} samples")
    for title, counter in (("by stage (GC and page faults charged to the stage that allocated)", stages), ("by kind of work at the leaf", kinds), ("by thread", threads)):
        print(f"\n{title}:")
        for name, n in counter.most_common():
            print(f"  {100.0 * n / total:5.1f}%  {name}")


if __name__ == "__main__":
    main()
