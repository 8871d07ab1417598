"""Where the CPU goes: a py-spy raw profile of a benchmark run, summed by process, phase and category.

    py-spy record --nonblocking --subprocesses --rate 25 --format raw -o profile.txt -- \\
        .venv/bin/python bench/run_bench.py --no-half --ref before
    .venv/bin/python bench/profile_summary.py profile.txt

py-spy samples only threads it sees running; with --nonblocking some threads blocked in a
socket read, a lock or a sleep still show, so stacks whose leaf frame is such a wait are counted
apart, and the other sample counts are roughly proportional to CPU time. Each stack of the
benchmark's own process is put in a phase (the pipeline's runs, or the reference reader) and
in the first category whose marker appears in it, in the order below (most specific first).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections import defaultdict

CATEGORIES = [
    ("boto3/botocore client creation", ("ClientCreator.create_client", "Session.client (boto3/session.py")),
    ("botocore service model / endpoint data loading", ("loaders.py", "get_service_model", "load_service_model")),
    ("AWS request (botocore: serialize, sign, send, parse)", ("_make_api_call",)),
    ("role session (AssumeRole, credentials)", ("assume_role_session", "AssumeRoleCredentialFetcher", "assume_role")),
    ("jq mapping", ("port/mapping.py",)),
    ("Port HTTP client", ("port/client.py",)),
    ("Port diff / reconcile", ("port/reconcile.py", "port/catalog.py")),
    ("records (shape, json_safe)", ("reader.py", "/kinds/")),
    ("pydantic", ("pydantic",)),
    ("Dagster (events, event log, storage)", ("dagster/",)),
]


def phase_of(stack: str) -> str:
    if "reference.py" in stack:
        return "reference reader"
    if any(m in stack for m in ("partition_sync.py", "port_aws_pipeline/sync.py", "dagster/", "port_aws_pipeline/")):
        return "pipeline"
    return "other (bench, imports, sampling)"


#: Leaf frames that are a thread blocked in a system call: py-spy --nonblocking does not always see them as idle.
WAITING = (
    "SocketIO.readinto", "select (selectors.py", "EpollSelector.select", "Condition.wait", "Event.wait",
    "TokenBucket.acquire", "_sleep", "sleep (", "lock.acquire", "Handler.acquire", "_wait_for_tstate_lock",
)  # fmt: skip


def category_of(stack: str) -> str:
    leaf = stack.rsplit(";", 1)[-1]
    if any(w in leaf for w in WAITING):
        return "waiting (socket read, lock, sleep: not CPU)"
    for name, markers in CATEGORIES:
        if any(m in stack for m in markers):
            return name
    return "other"


PROCESS = re.compile(r'process (\d+):"(.*?)";', re.S)
RECORD = re.compile(r"(process .*?) (\d+)\n(?=process |\Z)", re.S)


def main(path: str) -> int:
    """Stacks are `process ROOT:"cmd";process CHILD:"cmd";frame;...;frame COUNT` (one `process` frame per level
    of --subprocesses); a command line may span lines."""
    by_process: Counter[str] = Counter()
    by_phase: dict[str, Counter[str]] = defaultdict(Counter)
    leaves: dict[str, Counter[str]] = defaultdict(Counter)
    with open(path) as fh:
        text = fh.read()
    main_pid = None
    for match in RECORD.finditer(text):
        stack, n = match.group(1), int(match.group(2))
        processes = []
        while (head := PROCESS.match(stack)) is not None:
            processes.append(head.groups())
            stack = stack[head.end() :]
        pid, cmd = processes[-1] if processes else ("?", "")
        if main_pid is None and len(processes) == 1:
            main_pid = pid
        label = ("bench (main)" if pid == main_pid else "moto" if "moto.server" in cmd
                 else "emulator" if "_serve_emulator" in stack else "seeding" if "_seed" in stack
                 else f"{pid} {cmd[:40]}")  # fmt: skip
        by_process[label] += n
        if pid != main_pid:
            continue
        phase = phase_of(stack)
        by_phase[phase][category_of(stack)] += n
        leaves[phase][stack.rsplit(";", 1)[-1]] += n
    print(f"samples by process: {dict(by_process.most_common(8))}\n")
    for phase, counts in sorted(by_phase.items(), key=lambda kv: -sum(kv[1].values())):
        total = sum(counts.values())
        print(f"## {phase}: {total} samples\n\n| category | samples | share |\n|---|---:|---:|")
        for name, n in counts.most_common():
            print(f"| {name} | {n} | {100 * n / total:.0f}% |")
        print("\ntop leaf frames: " + "; ".join(f"{leaf} {n}" for leaf, n in leaves[phase].most_common(8)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
