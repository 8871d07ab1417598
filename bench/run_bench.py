"""Benchmark: a generated AWS Organization in moto -> the Port emulator, first sync and unchanged resync.

    .venv/bin/python bench/run_bench.py [--accounts 10] [--regions 3] [--per-kind 20] [--parallel 4] [--json PATH]

Everything runs on loopback in a fresh temporary directory (DAGSTER_HOME, config, moto's
request recording), so nothing of the repository or of a previous run is touched:

* moto in server mode (`port_aws_pipeline.demo.moto_server`, a child process) plays AWS;
* the Port emulator (`EmulatorServer`) plays Port, in its own child process so that its
  memory and CPU are not counted as the pipeline's (the pipeline talks to it over HTTP
  either way);
* `seed_organization` fills moto from a child process (timed, not part of the measured syncs,
  and its memory stays out of this process);
* `port_aws_pipeline.sync.run_sync` runs twice: the first sync into an empty Port, then a
  resync of the unchanged organization.

What each number is, and where it comes from:

* AWS calls: the pipeline's own count. Every boto3 client the pipeline creates carries a
  `CallRecorder` (botocore `before-call`, one count per API operation invoked), and the assets
  publish it as materialization metadata: `api_calls` / `api_calls_by_operation` on
  `aws_accounts` (discovery) and on each `raw_resources` partition. The benchmark sums that
  metadata from the runs of the phase in the Dagster instance. It is cross-checked against
  moto's own request log (moto's recorder, `/moto-api/recorder/*`, one line per HTTP request
  moto routed to a handler, retries included; requests moto has no route for, such as
  `account:ListRegions`, answer 404 and are not logged): both totals are printed, and any
  per-operation difference.
* Port calls: the difference of the emulator's `GET /_emulator/stats` `requests_by_route`
  before/after the phase (all `/v1/*` requests, token requests included).
* entities written / deleted: the sync summary (partition `upserted`/`deleted` plus the
  awsAccount upserts and departed-account deletions of the organization step).
* peak RSS: `main` is this process (discovery, blueprints, awsAccount entities and, with
  --parallel 1, every partition); `worker` is the largest single partition worker process
  and `workers sum` the largest sum of the live workers' RSS seen at once (sampled every
  0.2 s). moto and the emulator are separate child processes, excluded from both and reported
  on their own line. See `peak_rss_notes` in the JSON for the exact sources.
* CPU seconds per phase (details and JSON): this process, reaped children (the partition
  workers and Dagster's log-capture helpers), moto, the emulator, and the whole machine from
  /proc/stat, so `others_on_machine` shows when something else was competing for the CPUs.
"""

from __future__ import annotations

import argparse
import base64
import json
import multiprocessing
import os
import platform
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as a script from anywhere; the package is installed editable anyway

ALL_REGIONS = [
    "us-east-1", "eu-west-1", "us-west-2", "ap-southeast-1", "eu-central-1", "ap-northeast-1",
    "us-east-2", "eu-west-2", "ca-central-1", "sa-east-1", "ap-south-1", "eu-north-1",
]
CLIENT_ID, CLIENT_SECRET = "bench-client-id", "bench-client-secret"
SYNC_STEPS = ("raw_resources", "port_entities", "port_upserts")
ORG_STEPS = ("aws_accounts", "port_blueprints", "port_accounts")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- processes and memory (Linux /proc) ------------------------------------------------------


def _status_kib(pid: int | str, field: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def _cmdline(pid: int | str) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children[ppid].append(int(entry))
    return children


def descendants(root: int) -> list[int]:
    tree, found, todo = _children_map(), [], [root]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def mib(kib: int | None) -> float | None:
    return None if kib is None else round(kib / 1024, 1)


def proc_cpu_seconds(pid: int | None) -> float | None:
    """utime + stime of a live process, from /proc/<pid>/stat."""
    if not pid:
        return None
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def system_busy_cpu_seconds() -> float | None:
    """CPU time all processes on the machine spent busy (everything but idle and iowait), from /proc/stat."""
    try:
        with open("/proc/stat") as fh:
            fields = [int(v) for v in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    busy = sum(fields[:8]) - fields[3] - fields[4]  # user nice system idle iowait irq softirq steal
    return busy / os.sysconf("SC_CLK_TCK")


def code_fingerprint() -> dict:
    """Which pipeline code was measured: other people edit the package while benchmarks run."""
    import hashlib

    package = REPO / "port_aws_pipeline"
    digest = hashlib.sha256()
    newest = 0.0
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yml", ".yaml", ".json"):
            digest.update(str(path.relative_to(REPO)).encode())
            digest.update(path.read_bytes())
            newest = max(newest, path.stat().st_mtime)
    return {"sha256": digest.hexdigest()[:12],
            "newest_file_mtime_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(newest))}


def rusage_cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def reset_own_peak_rss() -> bool:
    """Linux >= 4.0: writing 5 to clear_refs resets this process's VmHWM (and ru_maxrss) to its current RSS."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _ppid(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return int(fh.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def process_role(pid: int) -> str:
    """`worker` (a run_sync partition worker: a multiprocessing-spawn child of this process),
    `log-capture` (Dagster's per-run `tail -F` and watch_orphans helpers of the LocalComputeLogManager)
    or `other` (e.g. a helper caught between fork and exec, whose numbers are its parent's)."""
    cmd = _cmdline(pid)
    if "spawn_main" in cmd and _ppid(pid) == os.getpid():
        return "worker"
    if cmd.startswith("tail ") or "watch_orphans" in cmd:
        return "log-capture"
    return "other"


class WorkerSampler:
    """Samples this process's descendants other than moto and the emulator (and the multiprocessing
    resource tracker): VmHWM per process (the peak since its exec, so sampling only misses growth in
    the last interval before exit) and the sum of VmRSS over live partition workers."""

    def __init__(self, excluded: set[int], interval: float = 0.2):
        self.excluded, self.interval = excluded, interval
        self.peak_by_pid: dict[tuple[int, str], int] = {}  # (pid, role) -> VmHWM KiB
        self.peak_sum_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _pids(self) -> list[int]:
        skip = set(self.excluded)
        for pid in self.excluded:
            skip.update(descendants(pid))
        return [p for p in descendants(os.getpid()) if p not in skip and "resource_tracker" not in _cmdline(p)]

    def _sample(self) -> None:
        total = 0
        for pid in self._pids():
            role = process_role(pid)  # every sample: a forked child keeps its parent's cmdline until exec
            hwm, rss = _status_kib(pid, "VmHWM"), _status_kib(pid, "VmRSS")
            if hwm is None or process_role(pid) != role:
                continue
            self.peak_by_pid[(pid, role)] = max(self.peak_by_pid.get((pid, role), 0), hwm)
            if role == "worker":
                total += rss or 0
        self.peak_sum_kib = max(self.peak_sum_kib, total)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def summary(self) -> dict:
        by_role: dict[str, list[int]] = defaultdict(list)
        for (_pid, role), peak in self.peak_by_pid.items():
            by_role[role].append(peak)
        workers = by_role.get("worker", [])
        return {
            "worker_processes": len(workers),
            "worker_max": mib(max(workers)) if workers else None,
            "workers_sum": mib(self.peak_sum_kib) if workers else None,
            "log_capture_processes": len(by_role.get("log-capture", [])),
            "log_capture_max": mib(max(by_role["log-capture"])) if by_role.get("log-capture") else None,
            "other_processes": len(by_role.get("other", [])),
            "other_max": mib(max(by_role["other"])) if by_role.get("other") else None,
        }

    def __enter__(self) -> WorkerSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


# --- seeding in its own process -------------------------------------------------------------


def _seed(spec_json: str, workers: int) -> None:
    from port_aws_pipeline.devtools.seeding import OrgSpec, seed_organization

    seed_organization(OrgSpec.model_validate_json(spec_json), workers=workers)


def seed_in_subprocess(spec, workers: int) -> None:
    """Seeding creates thousands of boto3 calls' worth of garbage; doing it in a child process keeps
    this process's RSS (measured) down to what the pipeline itself uses. The env is inherited."""
    context = multiprocessing.get_context("spawn")
    proc = context.Process(target=_seed, args=(spec.model_dump_json(), workers), name="seed")
    proc.start()
    proc.join()
    if proc.exitcode != 0:
        raise SystemExit(f"seeding failed (exit code {proc.exitcode})")


# --- the Port emulator in its own process ----------------------------------------------------


def _serve_emulator(conn) -> None:
    from port_aws_pipeline.devtools.port_emulator import EmulatorServer, EmulatorSettings

    server = EmulatorServer(EmulatorSettings(client_id=CLIENT_ID, client_secret=CLIENT_SECRET)).start()
    conn.send(server.url)
    conn.recv()  # anything means stop
    server.stop()


@contextmanager
def emulator_process():
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    proc = context.Process(target=_serve_emulator, args=(child,), name="port-emulator", daemon=True)
    proc.start()
    url = parent.recv()
    try:
        yield url, proc.pid
    finally:
        parent.send("stop")
        proc.join(timeout=10)


def emulator_stats(port_url: str) -> dict:
    return requests.get(f"{port_url}/_emulator/stats", timeout=30).json()


# --- moto's request log -----------------------------------------------------------------------


REST_OPERATIONS = {
    ("lambda", "GET", "/2015-03-31/functions"): "ListFunctions",
    ("account", "POST", "/listRegions"): "ListRegions",
}


def classify_moto_request(entry: dict) -> str:
    """`service:Operation` of one recorded request, named like the pipeline's CallRecorder."""
    headers = {k.lower(): v for k, v in (entry.get("headers") or {}).items()}
    service = "?"
    auth = headers.get("authorization", "")
    if "Credential=" in auth:
        scope = auth.split("Credential=", 1)[1].split(",", 1)[0].split("/")
        if len(scope) >= 4:
            service = scope[3]
    if headers.get("x-amz-target"):
        return f"{service}:{headers['x-amz-target'].rsplit('.', 1)[-1]}"
    parts = urlsplit(entry.get("url", ""))
    body = entry.get("body") or ""
    if entry.get("body_encoded"):
        body = base64.b64decode(body).decode("utf-8", "replace")
    action = parse_qs(body).get("Action") or parse_qs(parts.query).get("Action")
    if action:
        return f"{service}:{action[0]}"
    method = entry.get("method", "?")
    if service == "s3":
        flags = {item.split("=", 1)[0] for item in parts.query.split("&") if item}
        if parts.path in ("", "/"):
            return "s3:ListBuckets"
        if "tagging" in flags:
            return "s3:GetBucketTagging"
        if "location" in flags:
            return "s3:GetBucketLocation"
        return f"s3:{method} /{{bucket}}?{'&'.join(sorted(flags))}"
    return f"{service}:{REST_OPERATIONS.get((service, method, parts.path.rstrip('/')), f'{method} {parts.path}')}"


class MotoRecorder:
    def __init__(self, moto_url: str, path: Path):
        self.moto_url, self.path = moto_url, path

    def start(self) -> None:
        requests.post(f"{self.moto_url}/moto-api/recorder/reset-recording", timeout=30).raise_for_status()
        requests.post(f"{self.moto_url}/moto-api/recorder/start-recording", timeout=30).raise_for_status()

    def stop(self) -> Counter[str]:
        requests.post(f"{self.moto_url}/moto-api/recorder/stop-recording", timeout=30).raise_for_status()
        counts: Counter[str] = Counter()
        if not self.path.exists():
            return counts
        with self.path.open() as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                try:
                    counts[classify_moto_request(json.loads(line))] += 1
                except json.JSONDecodeError:
                    counts["<unparsable log line>"] += 1
        return counts


# --- what the Dagster instance recorded -------------------------------------------------------


def _meta_value(metadata: dict, key: str):
    value = metadata.get(key)
    if value is None:
        return None
    return getattr(value, "value", getattr(value, "data", value))


def run_facts(instance, run_id: str) -> dict:
    """Per run: materialization metadata by asset, step durations, retries, run start/end."""
    from dagster import DagsterEventType

    facts = {"metadata": {}, "step_seconds": {}, "step_body_seconds": {}, "retries": 0, "run_seconds": None,
             "events": len(instance.all_logs(run_id))}
    starts: dict[str, float] = {}
    body_start: dict[str, float] = {}
    body_end: dict[str, float] = {}
    wanted = {DagsterEventType.ASSET_MATERIALIZATION, DagsterEventType.STEP_START, DagsterEventType.STEP_SUCCESS,
              DagsterEventType.STEP_FAILURE, DagsterEventType.STEP_UP_FOR_RETRY, DagsterEventType.RUN_START,
              DagsterEventType.RUN_SUCCESS, DagsterEventType.RUN_FAILURE, DagsterEventType.STEP_INPUT,
              DagsterEventType.STEP_OUTPUT}
    run_start = run_end = None
    for entry in instance.all_logs(run_id, of_type=wanted):
        event = entry.dagster_event
        kind = event.event_type
        if kind == DagsterEventType.ASSET_MATERIALIZATION:
            mat = entry.asset_materialization
            facts["metadata"][mat.asset_key.to_user_string()] = mat.metadata
        elif kind == DagsterEventType.STEP_START:
            starts[entry.step_key] = body_start[entry.step_key] = entry.timestamp
        elif kind == DagsterEventType.STEP_INPUT:
            body_start[entry.step_key] = entry.timestamp
        elif kind == DagsterEventType.STEP_OUTPUT:
            body_end[entry.step_key] = entry.timestamp
        elif kind in (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE) and entry.step_key in starts:
            facts["step_seconds"][entry.step_key] = entry.timestamp - starts[entry.step_key]
        elif kind == DagsterEventType.STEP_UP_FOR_RETRY:
            facts["retries"] += 1
        elif kind == DagsterEventType.RUN_START:
            run_start = entry.timestamp
        elif kind in (DagsterEventType.RUN_SUCCESS, DagsterEventType.RUN_FAILURE):
            run_end = entry.timestamp
    if run_start is not None and run_end is not None:
        facts["run_seconds"] = run_end - run_start
    for step_key, end in body_end.items():
        facts["step_body_seconds"][step_key] = end - body_start.get(step_key, end)
    return facts


def _step_name(step_key: str) -> str:
    return step_key.split("[", 1)[0]


# --- one measured phase -----------------------------------------------------------------------


def measure_phase(name: str, *, config_path: Path, parallel: int, port_url: str, recorder: MotoRecorder,
                  moto_pid: int | None, emulator_pid: int | None) -> dict:
    import dagster as dg

    from port_aws_pipeline.config import load_config
    from port_aws_pipeline.sync import run_sync

    config = load_config(str(config_path))
    stats_before = emulator_stats(port_url)
    recorder.start()
    peak_reset = reset_own_peak_rss()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    excluded_pids = {p for p in (moto_pid, emulator_pid) if p}
    system_before = system_busy_cpu_seconds()
    load_before = os.getloadavg()[0]
    cpu_before = {"main": rusage_cpu(resource.RUSAGE_SELF), "children": rusage_cpu(resource.RUSAGE_CHILDREN),
                  "moto": proc_cpu_seconds(moto_pid), "emulator": proc_cpu_seconds(emulator_pid)}
    progress_times: list[tuple[float, str]] = []
    started = time.monotonic()

    def progress(line: str) -> None:
        elapsed = time.monotonic() - started
        progress_times.append((elapsed, line))
        log(f"  [{name} +{elapsed:6.1f}s] {line}")

    log(f"{name}: run_sync(parallel={parallel}) ...")
    with WorkerSampler(excluded_pids) as sampler:
        summary = run_sync(config, str(config_path), parallel=parallel, progress=progress)
    wall = time.monotonic() - started
    cpu_after = {"main": rusage_cpu(resource.RUSAGE_SELF), "children": rusage_cpu(resource.RUSAGE_CHILDREN),
                 "moto": proc_cpu_seconds(moto_pid), "emulator": proc_cpu_seconds(emulator_pid)}
    cpu_seconds = {k: None if cpu_before[k] is None or cpu_after[k] is None else round(cpu_after[k] - cpu_before[k], 1)
                   for k in cpu_before}
    system_after = system_busy_cpu_seconds()
    if system_before is not None and system_after is not None:
        cpu_seconds["machine_busy"] = round(system_after - system_before, 1)
        cpu_seconds["others_on_machine"] = round(cpu_seconds["machine_busy"] - sum(
            v or 0 for k, v in cpu_seconds.items() if k in ("main", "children", "moto", "emulator")), 1)
    cpu_seconds["loadavg_1min_start_end"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    self_peak_kib = _status_kib("self", "VmHWM") if peak_reset else None
    self_maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children_maxrss_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    moto_counts = recorder.stop()
    stats_after = emulator_stats(port_url)

    if not summary.organization_ok:
        raise SystemExit(f"{name}: organization step failed: {summary.organization_failure}")

    # Dagster instance: the organization run (latest aws_accounts materialization) and every partition run.
    instance = dg.DagsterInstance.get()
    org_event = instance.get_latest_materialization_event(dg.AssetKey("aws_accounts"))
    org_facts = run_facts(instance, org_event.run_id)
    aws_by_op: Counter[str] = Counter()
    aws_by_asset: Counter[str] = Counter()
    org_meta = org_facts["metadata"].get("aws_accounts", {})
    aws_by_op.update(_meta_value(org_meta, "api_calls_by_operation") or {})
    aws_by_asset["aws_accounts"] += _meta_value(org_meta, "api_calls") or 0
    client_port_calls = sum(_meta_value(org_facts["metadata"].get(a, {}), "port_calls") or 0 for a in ("port_blueprints",)) + sum(
        (_meta_value(org_facts["metadata"].get("port_accounts", {}), "port_calls") or {}).values())
    missing_raw_metadata = []
    upserts_port_calls: Counter[str] = Counter()
    port_retries = 0
    step_seconds: dict[str, list[float]] = defaultdict(list)
    step_body_seconds: dict[str, list[float]] = defaultdict(list)
    run_seconds, outcome_seconds, events, retries = [], [], [], org_facts["retries"]
    for outcome in summary.partitions:
        facts = run_facts(instance, outcome.run_id)
        retries += facts["retries"]
        raw_meta = facts["metadata"].get("raw_resources")
        if raw_meta is None:
            missing_raw_metadata.append(f"{outcome.account_id}/{outcome.region}")
        else:
            aws_by_op.update(_meta_value(raw_meta, "api_calls_by_operation") or {})
            aws_by_asset["raw_resources"] += _meta_value(raw_meta, "api_calls") or 0
        for step_key, seconds in facts["step_seconds"].items():
            step_seconds[_step_name(step_key)].append(seconds)
        for step_key, seconds in facts["step_body_seconds"].items():
            step_body_seconds[_step_name(step_key)].append(seconds)
        events.append(facts["events"])
        if facts["run_seconds"] is not None:
            run_seconds.append(facts["run_seconds"])
        outcome_seconds.append(outcome.seconds)
        if outcome.report:
            client_port_calls += sum(outcome.report.port_calls.values())
            upserts_port_calls.update(outcome.report.port_calls)
        port_retries += _meta_value(facts["metadata"].get("port_upserts", {}), "port_retries") or 0
    aws_total = sum(aws_by_asset.values())
    if sum(aws_by_op.values()) != aws_total:
        log(f"warning: {name}: api_calls ({aws_total}) != sum of api_calls_by_operation ({sum(aws_by_op.values())})")

    before, after = Counter(stats_before["requests_by_route"]), Counter(stats_after["requests_by_route"])
    port_by_route = {route: after[route] - before[route] for route in sorted(set(after) | set(before)) if after[route] != before[route]}

    reports = [p.report for p in summary.partitions if p.report]
    accounts_report = summary.accounts
    resources_partitions = sum(sum(r.resources_read.values()) for r in reports)
    resources_by_kind: Counter[str] = Counter()
    for r in reports:
        resources_by_kind.update(r.resources_read)
    resources_by_kind["AWS::Organizations::Account"] = len(summary.discovered.accounts)
    written = sum(r.upserted for r in reports) + accounts_report.accounts.upserted
    deleted = sum(r.deleted for r in reports) + accounts_report.deleted
    unchanged = sum(r.unchanged for r in reports) + accounts_report.accounts.unchanged
    org_step_seconds = next((t for t, line in progress_times if "syncing" in line and "partitions" in line), None)
    first_partition_done = next((t for t, line in progress_times if line.startswith("[1/")), None)
    failed = [f"{p.account_id}/{p.region}: {p.failure or 'report not ok'}" for p in summary.partitions if not p.ok]

    def avg(values: list[float]) -> float | None:
        return round(sum(values) / len(values), 3) if values else None

    return {
        "phase": name,
        "ok": summary.ok,
        "failed_partitions": failed,
        "partitions": len(summary.partitions),
        "accounts": len(summary.discovered.accounts),
        "resources": resources_partitions + len(summary.discovered.accounts),
        "resources_by_kind": dict(sorted(resources_by_kind.items())),
        "aws_calls": aws_total,
        "aws_calls_by_asset": dict(aws_by_asset),
        "aws_calls_by_operation": dict(sorted(aws_by_op.items())),
        "aws_calls_missing_raw_resources_metadata": missing_raw_metadata,
        "moto_requests": sum(moto_counts.values()),
        "moto_requests_by_operation": dict(sorted(moto_counts.items())),
        "port_calls": sum(port_by_route.values()),
        "port_calls_by_route": port_by_route,
        "port_calls_client_side": client_port_calls,
        "port_upserts_client_calls_by_route": dict(sorted(upserts_port_calls.items())),
        "port_upserts_retries": port_retries,
        "entities_written": written,
        "entities_deleted": deleted,
        "entities_unchanged": unchanged,
        "entities_in_port_after": stats_after.get("entities_by_blueprint", {}),
        "wall_seconds": round(wall, 2),
        "sync_summary_seconds": round(summary.seconds, 2),
        "organization_step_seconds": None if org_step_seconds is None else round(org_step_seconds, 2),
        "organization_step_seconds_by_step": {_step_name(k): round(v, 3) for k, v in org_facts["step_seconds"].items()},
        "partition_seconds_avg": avg(outcome_seconds),
        "partition_seconds_max": round(max(outcome_seconds), 3) if outcome_seconds else None,
        "partition_seconds_total": round(sum(outcome_seconds), 2),
        "partition_dagster_run_seconds_avg": avg(run_seconds),
        "partition_step_seconds_avg": {step: avg(v) for step, v in sorted(step_seconds.items())},
        "partition_step_seconds_total": {step: round(sum(v), 2) for step, v in sorted(step_seconds.items())},
        "partition_step_body_seconds_avg": {step: avg(v) for step, v in sorted(step_body_seconds.items())},
        "partition_step_body_seconds_total": {step: round(sum(v), 2) for step, v in sorted(step_body_seconds.items())},
        "partition_events_avg": avg(events),
        "seconds_to_first_partition_done": None if first_partition_done is None else round(first_partition_done, 2),
        "organization_events": org_facts["events"],
        "step_retries": retries,
        "cpu_seconds": cpu_seconds,
        "peak_rss_mib": {
            "main_phase": mib(self_peak_kib),
            "main_lifetime_ru_maxrss": mib(self_maxrss_kib),
            **sampler.summary(),
            "children_ru_maxrss_before": mib(children_before),
            "children_ru_maxrss_after": mib(children_maxrss_kib),
        },
    }


# --- output -------------------------------------------------------------------------------------


def _fmt_rss(r: dict) -> str:
    main = r["main_phase"] if r["main_phase"] is not None else r["main_lifetime_ru_maxrss"]
    if r["worker_max"] is None:
        return f"main {main:.0f} MiB (partitions in-process)"
    return f"main {main:.0f} + {r['worker_processes']} workers × ≤{r['worker_max']:.0f} (sum ≤{r['workers_sum']:.0f}) MiB"


def markdown(results: dict) -> str:
    phases = results["phases"]
    lines = [
        "| phase | partitions | resources | AWS calls | Port calls | entities written | entities deleted | wall time | peak RSS |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for p in phases:
        lines.append(
            f"| {p['phase']} | {p['partitions']} | {p['resources']} | {p['aws_calls']} | {p['port_calls']} | "
            f"{p['entities_written']} | {p['entities_deleted']} | {p['wall_seconds']:.1f} s | {_fmt_rss(p['peak_rss_mib'])} |"
        )
    lines += ["", "Port calls by route:", "", "| route | " + " | ".join(p["phase"] for p in phases) + " |",
              "|---|" + "---:|" * len(phases)]
    routes = sorted({r for p in phases for r in p["port_calls_by_route"]})
    for route in routes:
        lines.append(f"| `{route}` | " + " | ".join(str(p["port_calls_by_route"].get(route, 0)) for p in phases) + " |")
    lines.append("| **total** | " + " | ".join(f"**{p['port_calls']}**" for p in phases) + " |")
    lines += ["", "AWS calls by operation (pipeline CallRecorder, from the Dagster materialization metadata; moto-received requests in brackets when they differ):", "",
              "| operation | " + " | ".join(p["phase"] for p in phases) + " |", "|---|" + "---:|" * len(phases)]
    ops = sorted({o for p in phases for o in p["aws_calls_by_operation"]} | {o for p in phases for o in p["moto_requests_by_operation"]})
    for op in ops:
        cells = []
        for p in phases:
            ours, moto = p["aws_calls_by_operation"].get(op, 0), p["moto_requests_by_operation"].get(op, 0)
            cells.append(str(ours) if ours == moto else f"{ours} [{moto}]")
        lines.append(f"| `{op}` | " + " | ".join(cells) + " |")
    lines.append("| **total** | " + " | ".join(
        f"**{p['aws_calls']}**" + ("" if p["aws_calls"] == p["moto_requests"] else f" [{p['moto_requests']}]") for p in phases) + " |")
    return "\n".join(lines)


def details(results: dict) -> str:
    lines = []
    for p in results["phases"]:
        rss = p["peak_rss_mib"]
        body_total = sum(p["partition_step_body_seconds_total"].values())
        lines += [
            f"{p['phase']}: ok={p['ok']}, {p['accounts']} accounts, resources by kind {p['resources_by_kind']}",
            f"  wall {p['wall_seconds']} s: organization run {p['organization_step_seconds']} s "
            f"(step start->success {p['organization_step_seconds_by_step']}, {p['organization_events']} events), "
            f"first partition done at {p['seconds_to_first_partition_done']} s, {p['partitions']} partitions",
            f"  per partition run: {p['partition_seconds_avg']} s avg / {p['partition_seconds_max']} s max as run_sync measures it "
            f"({p['partition_seconds_total']} s summed over partitions); Dagster RUN_START->RUN_SUCCESS {p['partition_dagster_run_seconds_avg']} s avg; "
            f"{p['partition_events_avg']} event-log entries avg",
            f"  step start->success avg {p['partition_step_seconds_avg']}",
            f"  step body (STEP_INPUT->last STEP_OUTPUT) avg {p['partition_step_body_seconds_avg']}, summed {p['partition_step_body_seconds_total']} "
            f"= {body_total:.1f} s of the {p['partition_seconds_total']} s partition time ({100 * body_total / max(p['partition_seconds_total'], 1e-9):.0f}%)",
            f"  CPU seconds during the phase: {p['cpu_seconds']} (children = reaped partition workers + Dagster log-capture "
            f"helpers; others_on_machine = machine_busy minus this benchmark's processes; "
            f"{p['wall_seconds'] * (os.cpu_count() or 1):.0f} CPU-seconds available on {os.cpu_count()} CPUs)",
            f"  AWS calls by asset {p['aws_calls_by_asset']}; moto received {p['moto_requests']} requests; step retries {p['step_retries']}",
            f"  Port calls (emulator) {p['port_calls']}; port_upserts client retries {p['port_upserts_retries']}; entities unchanged {p['entities_unchanged']}; Port holds {p['entities_in_port_after']}",
            f"  RSS MiB: main this phase {rss['main_phase']} (lifetime ru_maxrss {rss['main_lifetime_ru_maxrss']}); "
            f"{rss['worker_processes']} partition workers, largest {rss['worker_max']}, largest sum at once {rss['workers_sum']}; "
            f"{rss['log_capture_processes']} Dagster log-capture helpers (tail/watch_orphans) seen, largest {rss['log_capture_max']}; "
            f"other {rss['other_processes']} (largest {rss['other_max']}); "
            f"RUSAGE_CHILDREN ru_maxrss {rss['children_ru_maxrss_before']} -> {rss['children_ru_maxrss_after']} (see peak_rss_notes)",
        ]
        if p["failed_partitions"]:
            lines.append(f"  FAILED: {p['failed_partitions'][:10]}")
        if p["aws_calls_missing_raw_resources_metadata"]:
            lines.append(f"  raw_resources metadata missing for {p['aws_calls_missing_raw_resources_metadata']}")
    return "\n".join(lines)


# --- main -----------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=10, help="ACTIVE member accounts (default 10; the management account is synced too)")
    parser.add_argument("--regions", type=int, default=3, help=f"number of regions, taken in order from {', '.join(ALL_REGIONS[:4])}, ... (default 3)")
    parser.add_argument("--per-kind", type=int, default=20, help="resources of each kind (ec2, s3, lambda, sqs, ecs) per account x region (default 20)")
    parser.add_argument("--parallel", type=int, default=4, help="partitions synced at once, passed to run_sync (default 4, the CLI's default)")
    parser.add_argument("--suspended", type=int, default=0, help="extra SUSPENDED accounts (never synced; default 0)")
    parser.add_argument("--seed-workers", type=int, default=8, help="threads seeding moto concurrently (default 8)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (DAGSTER_HOME, config, moto log)")
    args = parser.parse_args(argv)
    if not 1 <= args.regions <= len(ALL_REGIONS):
        parser.error(f"--regions must be 1..{len(ALL_REGIONS)}")
    if args.accounts < 1 or args.per_kind < 0 or args.parallel < 1:
        parser.error("--accounts and --parallel must be >= 1, --per-kind >= 0")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    regions = ALL_REGIONS[: args.regions]
    workdir = Path(tempfile.mkdtemp(prefix="port-aws-bench-"))
    dagster_home = workdir / "dagster_home"
    dagster_home.mkdir()
    if (REPO / "dagster.yaml").exists():  # the same instance settings `port-aws-pipeline sync` uses
        shutil.copyfile(REPO / "dagster.yaml", dagster_home / "dagster.yaml")
    config_path = workdir / "port-aws.yaml"
    config_path.write_text(yaml.safe_dump({
        "aws": {"member_role_name": "PortOceanReadRole", "region_policy": {"allow": regions, "deny": []}},
        "port": {"client_id": "${PORT_CLIENT_ID}", "client_secret": "${PORT_CLIENT_SECRET}"},
    }, sort_keys=False))
    recording = workdir / "moto_recording.jsonl"
    for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "MOTO_ENABLE_RECORDING"):
        os.environ.pop(key, None)
    os.environ["MOTO_RECORDER_FILEPATH"] = str(recording)  # read by the moto server child at start

    from port_aws_pipeline.devtools.demo import demo_environment, moto_server
    from port_aws_pipeline.devtools.seeding import OrgSpec

    machine = {"nproc": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
               "machine": platform.machine()}
    try:
        with open("/proc/cpuinfo") as fh:
            model = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), None)
        machine["cpu_model"] = model
    except OSError:
        pass
    try:
        with open("/proc/meminfo") as fh:
            mem_total = int(next(line for line in fh if line.startswith("MemTotal")).split()[1])
        machine["mem_total_mib"] = mib(mem_total)
    except (OSError, StopIteration):
        pass

    results: dict = {"code": code_fingerprint(), "params": {"accounts": args.accounts, "suspended": args.suspended, "regions": regions,
                                "per_kind": args.per_kind, "parallel": args.parallel, "seed_workers": args.seed_workers},
                     "machine": machine, "phases": []}
    try:
        with moto_server() as moto_url, emulator_process() as (port_url, emulator_pid):
            moto_pid = next((p for p in descendants(os.getpid()) if "moto.server" in _cmdline(p)), None)
            os.environ.update(demo_environment(moto_url, port_url, config_path))
            os.environ.update({"PORT_CLIENT_ID": CLIENT_ID, "PORT_CLIENT_SECRET": CLIENT_SECRET, "DAGSTER_HOME": str(dagster_home)})
            log(f"workdir {workdir}\nmoto {moto_url} (pid {moto_pid}), Port emulator {port_url} (pid {emulator_pid})")
            spec = OrgSpec(accounts=args.accounts, suspended=args.suspended, regions=regions, per_kind=args.per_kind)
            expected = args.accounts * len(regions) * len(spec.kinds) * args.per_kind
            log(f"seeding {args.accounts} accounts x {len(regions)} regions x {len(spec.kinds)} kinds x {args.per_kind} "
                f"= {expected} resources (+{args.suspended} suspended accounts' worth) with {args.seed_workers} workers ...")
            started = time.monotonic()
            seed_in_subprocess(spec, args.seed_workers)
            results["seed_seconds"] = round(time.monotonic() - started, 2)
            results["seeded_resources_in_active_accounts"] = expected
            log(f"seeded in {results['seed_seconds']} s")

            recorder = MotoRecorder(moto_url, recording)
            for name in ("first sync", "unchanged resync"):
                results["phases"].append(measure_phase(name, config_path=config_path, parallel=args.parallel, port_url=port_url,
                                                       recorder=recorder, moto_pid=moto_pid, emulator_pid=emulator_pid))
            results["other_processes_rss_mib"] = {
                "moto_server_peak_incl_seeding": mib(_status_kib(moto_pid, "VmHWM")) if moto_pid else None,
                "moto_server_now": mib(_status_kib(moto_pid, "VmRSS")) if moto_pid else None,
                "port_emulator_peak": mib(_status_kib(emulator_pid, "VmHWM")),
                "port_emulator_now": mib(_status_kib(emulator_pid, "VmRSS")),
            }
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    results["peak_rss_notes"] = (
        "main_phase: VmHWM of this process after resetting it (/proc/self/clear_refs 5) at the start of the phase; "
        "main_lifetime_ru_maxrss: getrusage(RUSAGE_SELF).ru_maxrss (includes seeding before any reset); "
        "worker_max_sampled / workers_sum_sampled: VmHWM per worker and sum of VmRSS over live workers, sampled every 0.2 s; "
        "children_ru_maxrss_*: getrusage(RUSAGE_CHILDREN).ru_maxrss, the largest reaped descendant so far (moto and the emulator "
        "are still running, so they are not in it). It is NOT a usable worker figure: Linux carries the forking parent's RSS "
        "high-water mark into the child's maxrss across fork+exec, so every `tail`/`uname`/spawned worker started by this "
        "process reports at least this process's RSS at fork time. Use worker_max/workers_sum (VmHWM of each exec'd process); "
        "moto and the emulator: VmHWM/VmRSS of their processes"
    )
    p = results["params"]
    print(f"\n## port-aws-pipeline benchmark: {p['accounts']} accounts x {len(p['regions'])} regions ({', '.join(p['regions'])}) "
          f"x {p['per_kind']} per kind, --parallel {p['parallel']}\n")
    print(f"machine: {machine.get('nproc')} CPUs ({machine.get('cpu_model')}), {machine.get('mem_total_mib')} MiB RAM, "
          f"Python {machine['python']}, {machine['platform']}")
    print(f"pipeline code: sha256 {results['code']['sha256']} (newest file {results['code']['newest_file_mtime_utc']})")
    print(f"seeding moto (not measured below): {results['seeded_resources_in_active_accounts']} resources in {results['seed_seconds']} s "
          f"({args.seed_workers} threads)\n")
    print(markdown(results))
    print()
    print(details(results))
    print(f"\nother processes (not in peak RSS above), MiB: {results['other_processes_rss_mib']}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, sort_keys=False) + "\n")
        print(f"\nresults written to {args.json}")
    return 0 if all(ph["ok"] for ph in results["phases"]) else 1


if __name__ == "__main__":
    sys.exit(main())
