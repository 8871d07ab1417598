"""Benchmark: a generated AWS Organization in moto -> the Port emulator, next to a plain-boto3 reference reader.

    .venv/bin/python bench/run_bench.py [--accounts 10] [--regions 3] [--per-kind 20] [--parallel 4] [--json PATH]
    .venv/bin/python bench/run_bench.py --scale          # 99 member accounts + management = 100 accounts x 17 regions
    .venv/bin/python bench/run_bench.py --all-kinds      # the full default mapping (~50 kinds) and every seeder

Everything runs on loopback in a fresh temporary directory (DAGSTER_HOME, config, mapping,
moto's request recording), so nothing of the repository or of a previous run is touched:

* moto in server mode (`port_aws_pipeline.devtools.demo.moto_server`, a child process) plays AWS;
* the Port emulator (`EmulatorServer`) plays Port, in its own child process;
* `seed_organization` fills moto from a child process (timed, not part of the measurements);
* `port_aws_pipeline.sync.run_sync` runs a first sync into an empty Port, then unchanged
  resyncs of the whole organization (K keys) and of half its accounts (`accounts=`, like
  `sync --account`; K/2 keys), each bracketed by the reference reader (`bench/reference.py`:
  the same kinds' `fetch` calls in plain boto3 threads, no Dagster, no mapping, no Port) in
  this process against the same moto data, right before and right after it.

The marginal cost per account x region key is the slope between the two sizes,
(T(K) - T(K/2)) / (K - K/2), for the pipeline and for the reference: fixed costs (discovery of
the whole organization, blueprints, worker start-up, the inventory run) are the same at both
sizes and cancel. See bench/README.md for the method and where every number comes from.

Default: the 5 original kinds (EC2 instances, S3 buckets, Lambda functions, SQS queues, ECS
clusters) seeded by their 5 seeders, and a mapping (and blueprints) restricted to them and the
account kind, written from `default_port_app_config()`, so numbers stay comparable across the
kinds added since. `--all-kinds`: the full default mapping and every seeder.
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import multiprocessing
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs
from urllib.parse import urlsplit

import requests
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as a script from anywhere; the package is installed editable anyway
sys.path.insert(0, str(Path(__file__).resolve().parent))
#: The code snapshot (see `snapshot_code`). Spawned children (partition workers, seeding, the emulator, the
#: --big-partition / --discovery processes) re-import this script as `__mp_main__`, and the line above put the
#: working tree back in front of the snapshot they inherited: the snapshot goes first again.
CODE_ENV = "PORT_AWS_BENCH_CODE"
if os.environ.get(CODE_ENV):
    sys.path.insert(0, os.environ[CODE_ENV])

#: 17 commercial regions enabled by default in every account (no opt-in), all served by moto;
#: --regions N takes the first N (the first 3 are the historical default).
ALL_REGIONS = [
    "us-east-1", "eu-west-1", "us-west-2", "ap-southeast-1", "eu-central-1", "ap-northeast-1", "us-east-2",
    "eu-west-2", "ca-central-1", "sa-east-1", "ap-south-1", "eu-north-1", "us-west-1", "eu-west-3",
    "ap-southeast-2", "ap-northeast-2", "ap-northeast-3",
]  # fmt: skip
ORIGINAL_SEEDERS = ["ec2", "s3", "lambda", "sqs", "ecs"]
ORIGINAL_KINDS = [
    "AWS::EC2::Instance", "AWS::S3::Bucket", "AWS::Lambda::Function", "AWS::SQS::Queue", "AWS::ECS::Cluster",
]  # fmt: skip
ACCOUNT_KIND = "AWS::Organizations::Account"
CLIENT_ID, CLIENT_SECRET = "bench-client-id", "bench-client-secret"
#: --scale: 99 member accounts + the management account = 100 accounts x (17 regions + global) = 1800 keys.
SCALE = {"accounts": 99, "regions": 17, "per_kind": 1}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- processes, memory, CPU (Linux /proc) ------------------------------------------------------


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


def process_role(pid: int, cmd: str | None = None) -> str:
    """`worker` (a run_sync worker: a multiprocessing-spawn child of this process), `log-capture`
    (Dagster's per-run `tail -F` / watch_orphans helpers) or `other`."""
    cmd = _cmdline(pid) if cmd is None else cmd
    if "spawn_main" in cmd and _ppid(pid) == os.getpid():
        return "worker"
    if cmd.startswith("tail ") or "watch_orphans" in cmd:
        return "log-capture"
    return "other"


def release_memory() -> None:
    """Collect and hand freed heap back to the OS (glibc malloc_trim), so the reference reader's garbage does not
    stay in this process's RSS when the next pipeline phase starts."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:
        pass


def loadavg() -> list[float]:
    return [round(v, 2) for v in os.getloadavg()]


CODE_CHECK = (
    "import port_aws_pipeline, port_aws_pipeline.definitions, port_aws_pipeline.sync, port_aws_pipeline.devtools.demo\n"
    "from port_aws_pipeline.kinds import registered_kinds\n"
    "from port_aws_pipeline.devtools.seeding import seeders\n"
    "registered_kinds(); seeders(); print(port_aws_pipeline.__file__)\n"
)


def snapshot_code(workdir: Path, source: Path = REPO, attempts: int = 10) -> Path:
    """A copy of the package taken once, first on sys.path (and PYTHONPATH) of this process and of every process
    it spawns, so that one benchmark measures one version of the code: other people edit the tree while it
    runs, and a partition worker spawned minutes later would import a half-edited module. The copy must import
    (retried while the tree is mid-edit)."""
    import subprocess

    dest = workdir / "code"
    for attempt in range(1, attempts + 1):
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(source / "port_aws_pipeline", dest / "port_aws_pipeline",
                        ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
        check = subprocess.run([sys.executable, "-c", CODE_CHECK], env={**os.environ, "PYTHONPATH": str(dest)},
                               cwd=dest, capture_output=True, text=True, timeout=300)  # fmt: skip
        if check.returncode == 0 and check.stdout.strip().startswith(str(dest)):
            return dest
        last = (check.stderr.strip().splitlines() or [check.stdout.strip()])[-1]
        log(f"code snapshot {attempt}/{attempts} does not import ({last}); the tree is being edited, retrying ...")
        time.sleep(15)
    raise SystemExit("no importable snapshot of port_aws_pipeline")


def code_fingerprint(root: Path = REPO) -> dict:
    """Which pipeline code was measured: other people edit the package while benchmarks run."""
    import hashlib

    package = root / "port_aws_pipeline"
    digest = hashlib.sha256()
    newest = 0.0
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yml", ".yaml", ".json"):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
            newest = max(newest, path.stat().st_mtime)
    return {
        "sha256": digest.hexdigest()[:12],
        "newest_file_mtime_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(newest)),
    }


class Sampler:
    """Every 0.5 s, from one scan of /proc: VmHWM of this process's descendants (workers, log-capture helpers)
    other than moto and the emulator, the largest sum of the live workers' RSS, and the largest RSS of moto and
    the emulator. Its own CPU time (thread CPU) is measured and taken out of this process's CPU by `Meter`."""

    def __init__(self, moto_pid: int | None, emulator_pid: int | None, interval: float = 0.5):
        self.moto_pid, self.emulator_pid, self.interval = moto_pid, emulator_pid, interval
        self.peak_by_pid: dict[tuple[int, str], int] = {}
        self.peak_sum_kib = 0
        self.moto_peak_kib = 0
        self.emulator_peak_kib = 0
        self.cpu_seconds = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _pids(self) -> list[int]:
        tree = _children_map()

        def below(root: int) -> list[int]:
            found, todo = [], [root]
            while todo:
                for child in tree.get(todo.pop(), []):
                    found.append(child)
                    todo.append(child)
            return found

        skip = {p for p in (self.moto_pid, self.emulator_pid) if p}
        for pid in list(skip):
            skip.update(below(pid))
        return [p for p in below(os.getpid()) if p not in skip]

    def _sample(self) -> None:
        started = time.thread_time()
        total = 0
        for pid in self._pids():
            cmd = _cmdline(pid)
            if "resource_tracker" in cmd:
                continue
            role = process_role(pid, cmd)
            hwm, rss = _status_kib(pid, "VmHWM"), _status_kib(pid, "VmRSS")
            if hwm is None:
                continue
            self.peak_by_pid[(pid, role)] = max(self.peak_by_pid.get((pid, role), 0), hwm)
            if role == "worker":
                total += rss or 0
        self.peak_sum_kib = max(self.peak_sum_kib, total)
        if self.moto_pid:
            self.moto_peak_kib = max(self.moto_peak_kib, _status_kib(self.moto_pid, "VmRSS") or 0)
        if self.emulator_pid:
            self.emulator_peak_kib = max(self.emulator_peak_kib, _status_kib(self.emulator_pid, "VmRSS") or 0)
        self.cpu_seconds += time.thread_time() - started

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
            "moto_rss_max": mib(self.moto_peak_kib),
            "emulator_rss_max": mib(self.emulator_peak_kib),
        }

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


class Meter:
    """Wall time, CPU seconds (this process, reaped children, moto, the emulator, the whole machine) and the
    load averages around one measured thing."""

    def __init__(self, moto_pid: int | None, emulator_pid: int | None, sampler: Sampler | None = None):
        self.moto_pid, self.emulator_pid, self.sampler = moto_pid, emulator_pid, sampler

    def _cpu(self) -> dict:
        return {
            "main": rusage_cpu(resource.RUSAGE_SELF),
            "children": rusage_cpu(resource.RUSAGE_CHILDREN),
            "moto": proc_cpu_seconds(self.moto_pid),
            "emulator": proc_cpu_seconds(self.emulator_pid),
            "machine_busy": system_busy_cpu_seconds(),
        }

    def __enter__(self) -> Meter:
        self.load_start = loadavg()
        self.rss_start_mib = mib(_status_kib("self", "VmRSS"))
        self.peak_reset = reset_own_peak_rss()
        self.cpu_start = self._cpu()
        self.sampler_start = self.sampler.cpu_seconds if self.sampler else 0.0
        self.started = time.monotonic()
        self.started_epoch = time.time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.monotonic() - self.started
        end = self._cpu()
        self.cpu = {
            k: None if self.cpu_start[k] is None or end[k] is None else round(end[k] - self.cpu_start[k], 2)
            for k in end
        }
        if self.sampler:  # the benchmark's own /proc sampling thread is not the measured code's CPU
            self.cpu["bench_sampler"] = round(self.sampler.cpu_seconds - self.sampler_start, 2)
            self.cpu["main"] = round(self.cpu["main"] - self.cpu["bench_sampler"], 2)
        if self.cpu["machine_busy"] is not None:
            ours = sum(self.cpu.get(k) or 0 for k in ("main", "children", "moto", "emulator", "bench_sampler"))
            self.cpu["others_on_machine"] = round(self.cpu["machine_busy"] - ours, 2)
        self.load_end = loadavg()
        self.main_peak_mib = mib(_status_kib("self", "VmHWM")) if self.peak_reset else None

    def facts(self) -> dict:
        return {
            "wall_seconds": round(self.wall, 3),
            "cpu_seconds": self.cpu,
            "loadavg_start": self.load_start,
            "loadavg_end": self.load_end,
        }


# --- seeding, the Port emulator: child processes ------------------------------------------------


def _seed(spec_json: str, workers: int) -> None:
    """`seed_organization` as is, except that its per-account x region boto3 sessions share one botocore data
    loader: a fresh `boto3.Session` parses every service model again (~0.3 CPU-s per session here), which made
    seeding 1,700 account x regions CPU-bound on the client."""
    import boto3
    import botocore.loaders
    import botocore.session

    from port_aws_pipeline.devtools import seeding

    loader = botocore.loaders.create_loader()

    def session(**kwargs) -> boto3.Session:
        core = botocore.session.Session()
        core.register_component("data_loader", loader)
        return boto3.Session(botocore_session=core, **kwargs)

    sts = session(region_name="us-east-1").client("sts")

    def account_session(account_id: str, region: str = "us-east-1") -> boto3.Session:
        role = f"arn:aws:iam::{account_id}:role/{seeding.SEED_ROLE}"
        creds = sts.assume_role(RoleArn=role, RoleSessionName="seed")["Credentials"]
        return session(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                       aws_session_token=creds["SessionToken"], region_name=region)  # fmt: skip

    seeding.account_session = account_session  # looked up at call time by seed_resources / seed_organization
    seeding.seed_organization(seeding.OrgSpec.model_validate_json(spec_json), workers=workers)


def seed_in_subprocess(spec, workers: int) -> None:
    """Seeding creates thousands of boto3 calls' worth of garbage; a child process keeps it out of this
    process's RSS (measured). The env is inherited."""
    context = multiprocessing.get_context("spawn")
    proc = context.Process(target=_seed, args=(spec.model_dump_json(), workers), name="seed")
    proc.start()
    proc.join()
    if proc.exitcode != 0:
        raise SystemExit(f"seeding failed (exit code {proc.exitcode})")


def _serve_emulator(conn) -> None:
    from port_aws_pipeline.devtools.port_emulator import EmulatorServer
    from port_aws_pipeline.devtools.port_emulator import EmulatorSettings

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
    return requests.get(f"{port_url}/_emulator/stats", timeout=60).json()


# --- the mapping and blueprints under test ------------------------------------------------------


def write_restricted_mapping(workdir: Path, kinds: list[str]) -> tuple[Path, Path]:
    """A port-app-config with only `kinds` (and the account kind) from `default_port_app_config()`, and the
    default blueprints those mappings write. Relations to blueprints outside that set (EC2 instance and Lambda
    function -> VPC, subnets, security groups) are dropped from both: their targets are never synced here,
    and Port rejects an entity whose related entity does not exist (and a blueprint whose target does not)."""
    from port_aws_pipeline.defaults import default_blueprints
    from port_aws_pipeline.defaults import default_port_app_config

    config = default_port_app_config()
    wanted = set(kinds) | {ACCOUNT_KIND}
    config["resources"] = [r for r in config["resources"] if r["kind"] in wanted]
    missing = wanted - {r["kind"] for r in config["resources"]}
    if missing:
        raise SystemExit(f"the default mapping has no resource for {sorted(missing)}")
    by_id = {b["identifier"]: b for b in default_blueprints()}
    ids = {r["port"]["entity"]["mappings"]["blueprint"].strip("'\"") for r in config["resources"]}
    blueprints = []
    for identifier in sorted(ids):
        blueprint = dict(by_id[identifier])
        relations = blueprint.get("relations") or {}
        blueprint["relations"] = {name: rel for name, rel in relations.items() if rel.get("target") in ids}
        blueprints.append(blueprint)
    targets = {b["identifier"]: b["relations"] for b in blueprints}
    for r in config["resources"]:
        mappings = r["port"]["entity"]["mappings"]
        kept = targets[mappings["blueprint"].strip("'\"")]
        if mappings.get("relations"):
            mappings["relations"] = {name: expr for name, expr in mappings["relations"].items() if name in kept}
    mapping_path, blueprints_path = workdir / "port-app-config.yml", workdir / "blueprints.yml"
    mapping_path.write_text(yaml.safe_dump(config, sort_keys=False))
    blueprints_path.write_text(yaml.safe_dump(blueprints, sort_keys=False))
    return mapping_path, blueprints_path


# --- moto's request log ---------------------------------------------------------------------------


class OperationNames:
    """`service:Operation` of one request moto recorded, named like the pipeline's CallRecorder
    (`endpoint_prefix:Operation`): X-Amz-Target or Action for the JSON/query protocols, else the REST
    operation whose method and requestUri (botocore's service model) match the request best."""

    def __init__(self, services: set[str]):
        import botocore.session

        session = botocore.session.get_session()
        self.prefix_by_signing: dict[str, str] = {}
        self.routes: dict[str, list[tuple[int, str, re.Pattern, dict, str]]] = defaultdict(list)
        for name in sorted(services):
            try:
                model = session.get_service_model(name)
            except Exception:  # noqa: BLE001 - an unknown name only costs the REST names
                continue
            signing = model.signing_name or model.endpoint_prefix
            self.prefix_by_signing.setdefault(signing, model.endpoint_prefix)
            if model.protocol not in ("rest-json", "rest-xml"):
                continue
            for op_name in model.operation_names:
                http = model.operation_model(op_name).http
                path, _, query = http.get("requestUri", "/").partition("?")
                pattern, literal = "", 0
                for segment in [s for s in path.split("/") if s]:
                    parts = re.split(r"(\{[^}]+\})", segment)
                    regex = ""
                    for part in parts:
                        if part.startswith("{") and part.endswith("}"):
                            regex += ".+" if part.endswith("+}") else "[^/]+"
                        else:
                            regex += re.escape(part)
                            literal += len(part)
                    pattern += "/" + regex
                required = dict(parse_qs(query, keep_blank_values=True))
                score = literal + 100 * len(required)
                self.routes[signing].append(
                    (score, http.get("method", "GET"), re.compile(f"^{pattern or ''}/?$"), required, op_name)
                )
        for routes in self.routes.values():
            routes.sort(key=lambda r: -r[0])

    def __call__(self, entry: dict) -> str:
        headers = {k.lower(): v for k, v in (entry.get("headers") or {}).items()}
        signing = "?"
        auth = headers.get("authorization", "")
        if "Credential=" in auth:
            scope = auth.split("Credential=", 1)[1].split(",", 1)[0].split("/")
            if len(scope) >= 4:
                signing = scope[3]
        service = self.prefix_by_signing.get(signing, signing)
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
        query = parse_qs(parts.query, keep_blank_values=True)
        path = parts.path.rstrip("/") or "/"
        for _score, op_method, regex, required, op_name in self.routes.get(signing, []):
            if op_method != method or not regex.match(path if path != "/" else ""):
                continue
            if all(k in query and (not v[0] or v[0] in query[k]) for k, v in required.items()):
                return f"{service}:{op_name}"
        return f"{service}:{method} {parts.path}"


class MotoRecorder:
    def __init__(self, moto_url: str, path: Path, names: OperationNames):
        self.moto_url, self.path, self.names = moto_url, path, names

    def start(self) -> None:
        requests.post(f"{self.moto_url}/moto-api/recorder/reset-recording", timeout=60).raise_for_status()
        requests.post(f"{self.moto_url}/moto-api/recorder/start-recording", timeout=60).raise_for_status()

    def stop(self) -> Counter[str]:
        requests.post(f"{self.moto_url}/moto-api/recorder/stop-recording", timeout=60).raise_for_status()
        counts: Counter[str] = Counter()
        if not self.path.exists():
            return counts
        with self.path.open() as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                try:
                    counts[self.names(json.loads(line))] += 1
                except json.JSONDecodeError:
                    counts["<unparsable log line>"] += 1
        return counts


# --- what the Dagster instance recorded -------------------------------------------------------------


def _meta(metadata: dict, key: str):
    value = metadata.get(key)
    if value is None:
        return None
    return getattr(value, "value", getattr(value, "data", value))


def phase_materializations(instance, asset: str, run_ids: set[str], after: float) -> list:
    """Materialization records of `asset` written by the phase's runs (public `fetch_materializations`)."""
    import dagster as dg

    records, cursor = [], None
    while True:
        result = instance.fetch_materializations(
            dg.AssetRecordsFilter(asset_key=dg.AssetKey(asset), after_timestamp=after),
            limit=1000,
            cursor=cursor,
            ascending=True,
        )
        records += [r for r in result.records if r.run_id in run_ids]
        if not result.has_more:
            return records
        cursor = result.cursor


def run_facts(instance, run) -> dict:
    """One run: its job, event count, RUN_START->RUN_SUCCESS/FAILURE and step start->end seconds, retries."""
    from dagster import DagsterEventType

    facts = {"job": run.job_name, "status": run.status.value, "events": 0, "run_seconds": None, "steps": {},
             "retries": 0}  # fmt: skip
    starts: dict[str, float] = {}
    run_start = run_end = None
    for entry in instance.all_logs(run.run_id):
        facts["events"] += 1
        event = entry.dagster_event
        if event is None:
            continue
        kind = event.event_type
        if kind == DagsterEventType.STEP_START:
            starts[entry.step_key] = entry.timestamp
        elif kind in (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE) and entry.step_key in starts:
            facts["steps"][entry.step_key] = round(entry.timestamp - starts[entry.step_key], 3)
        elif kind == DagsterEventType.STEP_UP_FOR_RETRY:
            facts["retries"] += 1
        elif kind == DagsterEventType.RUN_START:
            run_start = entry.timestamp
        elif kind in (DagsterEventType.RUN_SUCCESS, DagsterEventType.RUN_FAILURE):
            run_end = entry.timestamp
    if run_start is not None and run_end is not None:
        facts["run_seconds"] = round(run_end - run_start, 3)
    return facts


# --- one pipeline sync, one reference read ----------------------------------------------------------


class Bench:
    def __init__(self, *, config_path: Path, parallel: int, port_url: str, recorder: MotoRecorder,
                 moto_pid: int | None, emulator_pid: int | None, reader):  # fmt: skip
        self.config_path, self.parallel, self.port_url, self.recorder = config_path, parallel, port_url, recorder
        self.moto_pid, self.emulator_pid, self.reader = moto_pid, emulator_pid, reader
        self.summaries: dict[str, object] = {}

    def sync(self, name: str, accounts: list[str] | None = None) -> dict:
        import dagster as dg

        from port_aws_pipeline.config import load_config
        from port_aws_pipeline.schedules import RESYNC_TAG
        from port_aws_pipeline.sync import run_sync

        config = load_config(str(self.config_path))
        stats_before = emulator_stats(self.port_url)
        progress_times: list[tuple[float, str]] = []
        started = time.monotonic()

        def progress(line: str) -> None:
            elapsed = time.monotonic() - started
            progress_times.append((elapsed, line))
            log(f"  [{name} +{elapsed:7.1f}s] {line}")

        log(f"{name}: run_sync(parallel={self.parallel}{', accounts=' + str(len(accounts)) if accounts else ''}) "
            f"load {loadavg()} ...")  # fmt: skip
        self.recorder.start()
        sampler = Sampler(self.moto_pid, self.emulator_pid)
        with sampler, Meter(self.moto_pid, self.emulator_pid, sampler) as meter:
            started = time.monotonic()
            summary = run_sync(config, str(self.config_path), accounts=accounts, parallel=self.parallel,
                               progress=progress)  # fmt: skip
        moto_counts = self.recorder.stop()
        stats_after = emulator_stats(self.port_url)
        self.summaries[name] = summary
        if not summary.organization_ok:
            raise SystemExit(f"{name}: organization step failed: {summary.organization_failure}")

        instance = dg.DagsterInstance.get()
        run_ids = {p.run_id for p in summary.partitions}
        resync_id = instance.get_run_by_id(next(iter(run_ids))).tags.get(RESYNC_TAG) if run_ids else None
        runs = instance.get_runs(filters=dg.RunsFilter(tags={RESYNC_TAG: resync_id})) if resync_id else []
        phase_run_ids = {r.run_id for r in runs}
        facts = [run_facts(instance, r) for r in runs]

        aws_by_op: Counter[str] = Counter()
        aws_by_asset: Counter[str] = Counter()
        for record in phase_materializations(instance, "aws_accounts", phase_run_ids, meter.started_epoch):
            md = record.asset_materialization.metadata
            aws_by_op.update(_meta(md, "api_calls_by_operation") or {})
            aws_by_asset["aws_accounts"] += _meta(md, "api_calls") or 0
        raw = phase_materializations(instance, "raw_resources", phase_run_ids, meter.started_epoch)
        for record in raw:
            md = record.asset_materialization.metadata
            aws_by_op.update(_meta(md, "api_calls_by_operation") or {})
            aws_by_asset["raw_resources"] += _meta(md, "api_calls") or 0
        upserts = phase_materializations(instance, "port_upserts", phase_run_ids, meter.started_epoch)
        if len(raw) != len(summary.partitions):
            log(f"warning: {name}: {len(raw)} raw_resources materializations for {len(summary.partitions)} keys "
                "(failed keys have none: their AWS calls are not in the metadata)")  # fmt: skip
        report_calls = sum(sum((_meta(r.asset_materialization.metadata, "report") or {}).get("api_calls", {}).values())
                           for r in upserts)  # fmt: skip
        aws_total = sum(aws_by_asset.values())
        if sum(aws_by_op.values()) != aws_total:
            log(
                f"warning: {name}: api_calls ({aws_total}) != sum of api_calls_by_operation ({sum(aws_by_op.values())})"
            )
        if report_calls != aws_by_asset["raw_resources"]:
            log(f"warning: {name}: port_upserts reports count {report_calls} AWS calls, raw_resources "
                f"{aws_by_asset['raw_resources']}")  # fmt: skip

        before, after = Counter(stats_before["requests_by_route"]), Counter(stats_after["requests_by_route"])
        port_by_route = {r: after[r] - before[r] for r in sorted(set(after) | set(before)) if after[r] != before[r]}

        reports = [p.report for p in summary.partitions if p.report]
        accounts_report = summary.accounts
        resources_by_kind: Counter[str] = Counter()
        for r in reports:
            resources_by_kind.update(r.resources_read)
        synced_accounts = {p.account_id for p in summary.partitions}
        resources_by_kind[ACCOUNT_KIND] = len(summary.discovered.accounts)
        account_seconds: dict[str, float] = {}
        for r in reports:
            account_seconds[r.account_id] = max(account_seconds.get(r.account_id, 0.0), r.seconds)

        keys = len(summary.partitions)
        per_run = config.run.max_partitions_per_run
        org_done = next((t for t, line in progress_times if "syncing" in line and "partitions" in line), None)
        chunks_done = max((t for t, line in progress_times if line.startswith("[")), default=None)
        by_job: dict[str, list[dict]] = defaultdict(list)
        for f in facts:
            by_job[f["job"]].append(f)
        partition_runs = [f for f in facts if any(s.startswith("sync_account_regions") for s in f["steps"])]
        step_seconds: dict[str, list[float]] = defaultdict(list)
        for f in facts:
            for step, seconds in f["steps"].items():
                step_seconds[step].append(seconds)
        failed = [f"{p.account_id}|{p.region}: {p.failure or 'report not ok'}" for p in summary.partitions if not p.ok]
        return {
            "phase": name,
            "kind": "pipeline",
            "ok": summary.ok,
            "failed_partitions": failed[:20],
            "failed_count": len(failed),
            "accounts": len(summary.discovered.accounts),
            "accounts_synced": len(synced_accounts),
            "partitions": keys,
            "runs": summary.runs,
            "runs_expected": math.ceil(keys / per_run) + 2 if keys else 1,
            "runs_in_instance": len(runs),
            "runs_by_job": {job: len(v) for job, v in sorted(by_job.items())},
            "max_partitions_per_run": per_run,
            "resources": sum(resources_by_kind.values()),
            "resources_by_kind": dict(sorted(resources_by_kind.items())),
            "aws_calls": aws_total,
            "aws_calls_by_asset": dict(aws_by_asset),
            "aws_calls_by_operation": dict(sorted(aws_by_op.items())),
            "aws_calls_port_upserts_reports": report_calls,
            "materializations": {"raw_resources": len(raw), "port_upserts": len(upserts)},
            "moto_requests": sum(moto_counts.values()),
            "moto_requests_by_operation": dict(sorted(moto_counts.items())),
            "port_calls": sum(port_by_route.values()),
            "port_calls_by_route": port_by_route,
            "entities_written": sum(r.upserted for r in reports) + accounts_report.accounts.upserted,
            "entities_deleted": sum(r.deleted for r in reports) + accounts_report.deleted,
            "entities_unchanged": sum(r.unchanged for r in reports) + accounts_report.accounts.unchanged,
            "entities_in_port_after": stats_after.get("entities_by_blueprint", {}),
            **meter.facts(),
            "seconds_organization": None if org_done is None else round(org_done, 2),
            "seconds_partition_runs": None
            if org_done is None or chunks_done is None
            else round(chunks_done - org_done, 2),
            "seconds_inventory": None if chunks_done is None else round(meter.wall - chunks_done, 2),
            "step_seconds": {
                s: {"n": len(v), "avg": round(sum(v) / len(v), 3), "max": round(max(v), 3)}
                for s, v in sorted(step_seconds.items())
            },  # fmt: skip
            "partition_run_seconds": sorted(f["run_seconds"] or 0 for f in partition_runs),
            "events_by_job": {job: sum(f["events"] for f in v) for job, v in sorted(by_job.items())},
            "account_seconds_avg": round(sum(account_seconds.values()) / len(account_seconds), 3)
            if account_seconds
            else None,
            "account_seconds_max": round(max(account_seconds.values()), 3) if account_seconds else None,
            "step_retries": sum(f["retries"] for f in facts),
            "peak_rss_mib": {"main": meter.main_peak_mib, "main_at_start": meter.rss_start_mib, **sampler.summary()},
        }

    def reference(self, name: str, accounts: list[tuple[str, list[str]]]) -> dict:
        log(f"{name}: reference reader, {len(accounts)} accounts, load {loadavg()} ...")
        self.recorder.start()
        sampler = Sampler(self.moto_pid, self.emulator_pid)
        with sampler, Meter(self.moto_pid, self.emulator_pid, sampler) as meter:
            result = self.reader.read(accounts)
        release_memory()
        moto_counts = self.recorder.stop()
        if result["error_count"]:
            log(f"  reference: {result['error_count']} read errors, first: {result['errors'][:3]}")
        log(f"  reference: {result['seconds']:.2f} s, {result['aws_calls']} calls, items {result['items_by_kind']}")
        return {
            "phase": name,
            "kind": "reference",
            **result,
            **meter.facts(),
            "moto_requests": sum(moto_counts.values()),
            "moto_requests_by_operation": dict(sorted(moto_counts.items())),
            "peak_rss_mib": {
                "main": meter.main_peak_mib,
                "main_at_start": meter.rss_start_mib,
                "moto_rss_max": sampler.summary()["moto_rss_max"],
            },
        }


# --- the marginal cost per key ----------------------------------------------------------------------


def marginal(sizes: list[dict]) -> dict:
    """Slope between the two sizes: (T(big) - T(small)) / (K(big) - K(small)), for the pipeline's wall time,
    the reference's (mean of the read before and after each sync), and CPU seconds."""
    big, small = sizes
    dk = big["keys"] - small["keys"]

    def slope(field: str) -> float | None:
        if big[field] is None or small[field] is None or dk <= 0:
            return None
        return 1000 * (big[field] - small[field]) / dk

    out = {"keys": [big["keys"], small["keys"]], "delta_keys": dk}
    for field in ("pipeline_seconds", "reference_seconds", "pipeline_cpu_seconds", "pipeline_moto_cpu_seconds",
                  "reference_cpu_seconds", "reference_moto_cpu_seconds"):  # fmt: skip
        out[f"{field}_ms_per_key"] = None if slope(field) is None else round(slope(field), 2)
    p, r = out["pipeline_seconds_ms_per_key"], out["reference_seconds_ms_per_key"]
    out["ratio_pipeline_to_reference"] = round(p / r, 2) if p and r and r > 0 else None
    for who in ("pipeline", "reference"):
        ms = out[f"{who}_seconds_ms_per_key"]
        out[f"{who}_fixed_seconds"] = None if ms is None else round(big[f"{who}_seconds"] - ms * big["keys"] / 1000, 2)
    return out


def size_row(label: str, pipes: list[dict], refs: list[dict]) -> dict:
    def med(values):
        values = [v for v in values if v is not None]
        return round(statistics.median(values), 3) if values else None

    return {
        "size": label,
        "accounts": pipes[0]["accounts_synced"],
        "keys": pipes[0]["partitions"],
        "pipeline_seconds": med(p["wall_seconds"] for p in pipes),
        "pipeline_seconds_all": [p["wall_seconds"] for p in pipes],
        "reference_seconds": med(r["wall_seconds"] for r in refs),
        "reference_seconds_all": [r["wall_seconds"] for r in refs],
        "pipeline_cpu_seconds": med(
            (p["cpu_seconds"]["main"] or 0) + (p["cpu_seconds"]["children"] or 0) for p in pipes
        ),
        "pipeline_moto_cpu_seconds": med(p["cpu_seconds"]["moto"] for p in pipes),
        "reference_cpu_seconds": med(r["cpu_seconds"]["main"] for r in refs),
        "reference_moto_cpu_seconds": med(r["cpu_seconds"]["moto"] for r in refs),
        "pipeline_aws_calls": pipes[0]["aws_calls"],
        "reference_aws_calls": refs[0]["aws_calls"],
        "loadavg": [p["loadavg_start"] for p in pipes],
    }


# --- output -----------------------------------------------------------------------------------------


def _fmt_rss(r: dict) -> str:
    main = f"main {r['main']:.0f}" if r.get("main") is not None else "main ?"
    if r.get("main_at_start") is not None:
        main += f" (from {r['main_at_start']:.0f})"
    if r.get("worker_max") is None:
        return f"{main} MiB (partitions in-process)"
    return f"{main} + {r['worker_processes']} workers × ≤{r['worker_max']:.0f} (sum ≤{r['workers_sum']:.0f}) MiB"


def _load(p: dict) -> str:
    return "/".join(f"{v:.1f}" for v in p["loadavg_start"])


def markdown(results: dict) -> str:
    pipes = [p for p in results["phases"] if p["kind"] == "pipeline"]
    refs = [p for p in results["phases"] if p["kind"] == "reference"]
    lines = [
        "| phase | accounts | keys | runs (expected) | resources | AWS calls | Port calls | written | deleted | "
        "wall time | peak RSS | moto RSS | load 1/5/15 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|",
    ]
    for p in pipes:
        lines.append(
            f"| {p['phase']} | {p['accounts_synced']} | {p['partitions']} | {p['runs']} ({p['runs_expected']}) | "
            f"{p['resources']} | {p['aws_calls']} | {p['port_calls']} | {p['entities_written']} | "
            f"{p['entities_deleted']} | {p['wall_seconds']:.1f} s | {_fmt_rss(p['peak_rss_mib'])} | "
            f"{p['peak_rss_mib']['moto_rss_max']:.0f} MiB | {_load(p)} |"
        )
    lines += ["", "Reference reader (same process, same moto data, plain boto3 threads):", "",
              "| read | accounts | keys | AWS calls | items | wall time | CPU s (this process / moto) | load 1/5/15 |",
              "|---|---:|---:|---:|---:|---:|---|---|"]  # fmt: skip
    for r in refs:
        lines.append(
            f"| {r['phase']} | {r['accounts']} | {r['keys']} | {r['aws_calls']} | {sum(r['items_by_kind'].values())} | "
            f"{r['wall_seconds']:.2f} s | {r['cpu_seconds']['main']} / {r['cpu_seconds']['moto']} | {_load(r)} |"
        )
    m = results.get("marginal")
    if m:
        lines += ["", "Marginal cost per account x region key (slope between the two sizes; medians of the repeats):",
                  "", "| size | accounts | keys | pipeline wall | reference wall | pipeline CPU s "
                  "| moto CPU s (pipeline) |",
                  "|---|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
        for s in results["sizes"]:
            lines.append(
                f"| {s['size']} | {s['accounts']} | {s['keys']} | {s['pipeline_seconds']:.2f} s | "
                f"{s['reference_seconds']:.2f} s | {s['pipeline_cpu_seconds']:.1f} | {s['pipeline_moto_cpu_seconds']} |"
            )
        lines += [
            "",
            "| per key | pipeline | reference | ratio |",
            "|---|---:|---:|---:|",
            f"| marginal wall ms | {m['pipeline_seconds_ms_per_key']} | {m['reference_seconds_ms_per_key']} | "
            f"{m['ratio_pipeline_to_reference']} |",
            f"| marginal CPU ms (own process(es)) | {m['pipeline_cpu_seconds_ms_per_key']} | "
            f"{m['reference_cpu_seconds_ms_per_key']} | |",
            f"| marginal moto CPU ms | {m['pipeline_moto_cpu_seconds_ms_per_key']} | "
            f"{m['reference_moto_cpu_seconds_ms_per_key']} | |",
            f"| fixed (intercept) s | {m['pipeline_fixed_seconds']} | {m['reference_fixed_seconds']} | |",
        ]
    lines += ["", "Port calls by route:", "", "| route | " + " | ".join(p["phase"] for p in pipes) + " |",
              "|---|" + "---:|" * len(pipes)]  # fmt: skip
    for route in sorted({r for p in pipes for r in p["port_calls_by_route"]}):
        lines.append(f"| `{route}` | " + " | ".join(str(p["port_calls_by_route"].get(route, 0)) for p in pipes) + " |")
    lines.append("| **total** | " + " | ".join(f"**{p['port_calls']}**" for p in pipes) + " |")
    shown = [p for p in pipes if p["phase"] in ("first sync", "unchanged resync")] + refs[:1]
    lines += ["", "AWS calls by operation (pipeline: CallRecorder metadata of aws_accounts + raw_resources; reference: "
              "its CallRecorder; moto's recorder in brackets where it differs):", "",
              "| operation | " + " | ".join(p["phase"] for p in shown) + " |",
              "|---|" + "---:|" * len(shown)]  # fmt: skip
    ops = sorted(
        {o for p in shown for o in p["aws_calls_by_operation"]}
        | {o for p in shown for o in p["moto_requests_by_operation"]}
    )
    for op in ops:
        cells = []
        for p in shown:
            ours, moto = p["aws_calls_by_operation"].get(op, 0), p["moto_requests_by_operation"].get(op, 0)
            cells.append(str(ours) if ours == moto else f"{ours} [{moto}]")
        lines.append(f"| `{op}` | " + " | ".join(cells) + " |")
    lines.append("| **total** | " + " | ".join(
        f"**{p['aws_calls']}**" + ("" if p["aws_calls"] == p["moto_requests"] else f" [{p['moto_requests']}]")
        for p in shown) + " |")  # fmt: skip
    return "\n".join(lines)


def details(results: dict) -> str:
    lines = []
    for p in results["phases"]:
        if p["kind"] != "pipeline":
            continue
        rss = p["peak_rss_mib"]
        lines += [
            f"{p['phase']}: ok={p['ok']}, {p['accounts_synced']}/{p['accounts']} accounts, "
            f"resources {p['resources_by_kind']}",
            f"  wall {p['wall_seconds']} s = organization run {p['seconds_organization']} s + partition runs "
            f"{p['seconds_partition_runs']} s + inventory run {p['seconds_inventory']} s; runs {p['runs_by_job']} "
            f"(summary.runs {p['runs']}, expected ceil(K/{p['max_partitions_per_run']})+2 = {p['runs_expected']})",
            f"  step seconds {p['step_seconds']}; partition runs RUN_START->RUN_SUCCESS {p['partition_run_seconds']}; "
            f"per account (PartitionReport.seconds) avg {p['account_seconds_avg']} s / "
            f"max {p['account_seconds_max']} s",
            f"  events by job {p['events_by_job']}; step retries {p['step_retries']}",
            f"  CPU seconds {p['cpu_seconds']}; load {p['loadavg_start']} -> {p['loadavg_end']}",
            f"  AWS calls by asset {p['aws_calls_by_asset']} "
            f"(port_upserts reports: {p['aws_calls_port_upserts_reports']}); "
            f"moto received {p['moto_requests']}; materializations {p['materializations']}",
            f"  Port: {p['port_calls']} calls; entities unchanged {p['entities_unchanged']}; Port holds "
            f"{sum(p['entities_in_port_after'].values())} entities",
            f"  RSS MiB {rss}",
        ]
        if p["failed_count"]:
            lines.append(f"  FAILED {p['failed_count']}: {p['failed_partitions'][:5]}")
    return "\n".join(lines)


# --- one big partition (--big-partition N) and discovery alone (--discovery N) ---------------------

#: --big-partition: kinds read with list calls only (no per-item call for the 10 calls/s token buckets to pace),
#: cheap to create in moto. Every EC2 instance also gets a root volume, so N/4 instances are N/2 resources.
BIG_KINDS = ["AWS::EC2::Instance", "AWS::EC2::Volume", "AWS::ECS::Cluster", "AWS::SecretsManager::Secret"]
BIG_EC2_BATCH = 100  # instances per RunInstances


def big_partition_counts(n: int) -> dict[str, int]:
    quarter = n // 4
    return {"AWS::EC2::Instance": quarter, "AWS::EC2::Volume": quarter, "AWS::ECS::Cluster": quarter,
            "AWS::SecretsManager::Secret": n - 3 * quarter}  # fmt: skip


def _seed_big(n: int, region: str, workers: int, conn) -> None:
    """One member account (Organizations, as the demo builds it) and N resources in one of its regions, from
    `workers` threads. Sends (member account id, counts by kind as moto reports them)."""
    from concurrent.futures import ThreadPoolExecutor

    import boto3
    import botocore.session

    from port_aws_pipeline.devtools import seeding

    try:
        from port_aws_pipeline.aws.sessions import new_botocore_session
    except ImportError:  # older code (--code)
        new_botocore_session = botocore.session.Session

    org = seeding.create_organization(seeding.OrgSpec(accounts=1, suspended=0, regions=[region], per_kind=0))
    account_id = org.accounts[0].id
    creds = boto3.client("sts", region_name=region).assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/{seeding.SEED_ROLE}", RoleSessionName="seed"
    )["Credentials"]
    session = boto3.Session(botocore_session=new_botocore_session(), aws_access_key_id=creds["AccessKeyId"],
                            aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"],
                            region_name=region)  # fmt: skip
    ec2, ecs, secrets = (session.client(s) for s in ("ec2", "ecs", "secretsmanager"))
    tags = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "bench"}]
    counts = big_partition_counts(n)

    def instances(batch: int) -> None:
        size = min(BIG_EC2_BATCH, counts["AWS::EC2::Instance"] - batch * BIG_EC2_BATCH)
        ec2.run_instances(ImageId="ami-12345678", MinCount=size, MaxCount=size, InstanceType="t3.micro",
                          TagSpecifications=[{"ResourceType": "instance", "Tags": tags}])  # fmt: skip

    jobs = [lambda b=b: instances(b) for b in range(math.ceil(counts["AWS::EC2::Instance"] / BIG_EC2_BATCH))]
    ecs_tags = [{"key": t["Key"], "value": t["Value"]} for t in tags]
    jobs += [lambda i=i: ecs.create_cluster(clusterName=f"bench-cluster-{i}", tags=ecs_tags)
             for i in range(counts["AWS::ECS::Cluster"])]  # fmt: skip
    jobs += [lambda i=i: secrets.create_secret(Name=f"bench/secret-{i}", SecretString="x", Tags=tags)
             for i in range(counts["AWS::SecretsManager::Secret"])]  # fmt: skip
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda job: job(), jobs))
    found = {
        "AWS::EC2::Instance": sum(len(r["Instances"]) for p in ec2.get_paginator("describe_instances").paginate()
                                  for r in p["Reservations"]),
        "AWS::EC2::Volume": sum(len(p["Volumes"]) for p in ec2.get_paginator("describe_volumes").paginate()),
        "AWS::ECS::Cluster": sum(len(p["clusterArns"]) for p in ecs.get_paginator("list_clusters").paginate()),
        "AWS::SecretsManager::Secret": sum(len(p["SecretList"])
                                           for p in secrets.get_paginator("list_secrets").paginate()),
    }  # fmt: skip
    conn.send((account_id, found))


def _status_mib(field: str) -> float | None:
    return mib(_status_kib("self", field))


def _sync_child(config_path: str, accounts: list[str] | None, conn) -> None:
    """`run_sync` in a fresh process, so that its peak RSS (VmHWM) is the sync's alone: imports, the
    organization run, the partition run, the inventory run. VmRSS/VmHWM are also taken at each progress line."""
    from port_aws_pipeline.config import load_config
    from port_aws_pipeline.sync import run_sync

    config = load_config(config_path)
    marks: list[dict] = []
    started = time.monotonic()

    def progress(line: str) -> None:
        marks.append({"t": round(time.monotonic() - started, 2), "line": line[:120],
                      "rss_mib": _status_mib("VmRSS"), "hwm_mib": _status_mib("VmHWM")})  # fmt: skip
        log(f"  [+{marks[-1]['t']:7.1f}s rss {marks[-1]['rss_mib']} MiB] {line}")

    rss_before = _status_mib("VmRSS")
    cpu_before = time.process_time()
    started = time.monotonic()
    summary = run_sync(config, config_path, accounts=accounts, parallel=1, progress=progress)
    wall = time.monotonic() - started
    reports = [p.report for p in summary.partitions if p.report]
    calls: Counter[str] = Counter()
    for r in reports:
        calls.update(r.api_calls)
    try:
        from port_aws_pipeline.aws.sessions import CREATED

        created = dict(CREATED)
    except ImportError:  # older code (--code)
        created = None
    import port_aws_pipeline

    conn.send(
        {
            "code": str(Path(port_aws_pipeline.__file__).parent),
            "ok": summary.ok,
            "failures": [f"{p.account_id}|{p.region}: {p.failure}" for p in summary.partitions if not p.ok][:10],
            "keys": len(summary.partitions),
            "wall_seconds": round(wall, 2),
            "cpu_seconds": round(time.process_time() - cpu_before, 2),
            "rss_before_sync_mib": rss_before,
            "peak_rss_mib": _status_mib("VmHWM"),
            "marks": marks,
            "resources_by_kind": dict(sum((Counter(r.resources_read) for r in reports), Counter())),
            "written": sum(r.upserted for r in reports),
            "unchanged": sum(r.unchanged for r in reports),
            "aws_calls": sum(calls.values()),
            "aws_calls_by_operation": dict(sorted(calls.items())),
            "sessions_and_clients_created": created,
        }
    )


def _in_child(target, *args):
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    proc = context.Process(target=target, args=(*args, child))
    proc.start()
    try:
        result = parent.recv()
    except EOFError:
        result = None
    proc.join()
    if proc.exitcode != 0 or result is None:
        raise SystemExit(f"{target.__name__} failed (exit code {proc.exitcode})")
    return result


def _discover_child(config_path: str, conn) -> None:
    """`discover_accounts` (the aws_accounts asset's AWS work) in a fresh process: wall, CPU, calls."""
    from port_aws_pipeline.aws.calls import CallRecorder
    from port_aws_pipeline.aws.discovery import discover_accounts
    from port_aws_pipeline.config import load_config

    settings = load_config(config_path).aws
    recorder = CallRecorder()
    cpu, started = time.process_time(), time.monotonic()
    found = discover_accounts(settings, recorder)
    import port_aws_pipeline

    conn.send({"code": str(Path(port_aws_pipeline.__file__).parent),
               "wall_seconds": round(time.monotonic() - started, 2), "cpu_seconds": round(time.process_time() - cpu, 2),
               "accounts": len(found.accounts), "failed": sum(1 for a in found.accounts if a.error),
               "regions": len(found.regions) - 1, "aws_calls": recorder.total,
               "peak_rss_mib": _status_mib("VmHWM")})  # fmt: skip


@contextmanager
def emulated_aws_and_port(args, config: dict, workdir: Path, recording: Path | None = None):
    """moto and the Port emulator up, the environment pointed at them, `config` written; yields
    (config_path, moto_url, moto_pid, port_url, emulator_pid). `recording`: where moto logs its requests."""
    from port_aws_pipeline.devtools.demo import demo_environment
    from port_aws_pipeline.devtools.demo import moto_server

    dagster_home = workdir / "dagster_home"
    dagster_home.mkdir(exist_ok=True)
    if (REPO / "dagster.yaml").exists():
        shutil.copyfile(REPO / "dagster.yaml", dagster_home / "dagster.yaml")
    config_path = workdir / "port-aws.yaml"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))
    for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
                "MOTO_ENABLE_RECORDING", "MOTO_RECORDER_FILEPATH", "PORT_AWS_CONFIG"):  # fmt: skip
        os.environ.pop(key, None)
    if recording:
        os.environ["MOTO_RECORDER_FILEPATH"] = str(recording)  # read by the moto server child at start
    with moto_server() as moto_url, emulator_process() as (port_url, emulator_pid):
        moto_pid = next((p for p in descendants(os.getpid()) if "moto.server" in _cmdline(p)), None)
        os.environ.update(demo_environment(moto_url, port_url, config_path))
        os.environ.update({"PORT_CLIENT_ID": CLIENT_ID, "PORT_CLIENT_SECRET": CLIENT_SECRET,
                           "DAGSTER_HOME": str(dagster_home)})  # fmt: skip
        os.environ.pop("PORT_AWS_CONFIG", None)
        log(f"workdir {workdir}\nmoto {moto_url} (pid {moto_pid}), Port emulator {port_url} (pid {emulator_pid})")
        yield config_path, moto_url, moto_pid, port_url, emulator_pid


def main_big_partition(args, workdir: Path, results: dict) -> int:
    """N resources in ONE account x region; a first sync and an unchanged resync of it, each in a fresh process
    whose peak RSS is reported (the partition runs in that process: one run of 2 keys, region + global)."""
    region = ALL_REGIONS[0]
    mapping_path, blueprints_path = write_restricted_mapping(workdir, BIG_KINDS)
    config = {
        "aws": {"member_role_name": "PortOceanReadRole", "region_policy": {"allow": [region], "deny": []}},
        "port": {"client_id": "${PORT_CLIENT_ID}", "client_secret": "${PORT_CLIENT_SECRET}"},
        "mapping": str(mapping_path),
        "blueprints": str(blueprints_path),
    }
    with emulated_aws_and_port(args, config, workdir) as (config_path, _moto_url, moto_pid, port_url, _emu_pid):
        counts = big_partition_counts(args.big_partition)
        log(f"seeding {args.big_partition} resources in one account x {region} ({counts}) with {args.seed_workers} "
            f"threads, load {loadavg()} ...")  # fmt: skip
        started = time.monotonic()
        account_id, seeded = _in_child(_seed_big, args.big_partition, region, args.seed_workers)
        results["seed"] = {"seconds": round(time.monotonic() - started, 2), "account_id": account_id,
                           "resources": seeded, "moto_rss_mib": mib(_status_kib(moto_pid, "VmRSS"))}  # fmt: skip
        log(f"seeded {seeded} in {results['seed']['seconds']} s")
        config["aws"]["account_ids"] = [account_id]  # this account alone: keys <id>|<region> and <id>|global
        config_path.write_text(yaml.safe_dump(config, sort_keys=False))
        for name in ("first sync", "unchanged resync"):
            stats_before = emulator_stats(port_url)
            log(f"{name}: run_sync in a fresh process, load {loadavg()} ...")
            phase = {"phase": name, "loadavg_start": loadavg(), **_in_child(_sync_child, str(config_path), None)}
            after = Counter(emulator_stats(port_url)["requests_by_route"])
            before = Counter(stats_before["requests_by_route"])
            phase["port_calls_by_route"] = {r: after[r] - before[r] for r in sorted(after) if after[r] != before[r]}
            phase["port_calls"] = sum(phase["port_calls_by_route"].values())
            phase["moto_rss_mib"] = mib(_status_kib(moto_pid, "VmRSS"))
            results["phases"].append(phase)
            log(f"  {name}: {phase['wall_seconds']} s, peak RSS {phase['peak_rss_mib']} MiB, ok={phase['ok']}")
    print(f"\n## --big-partition {args.big_partition}: one account x {region}, {results['date_utc']}\n")
    print(f"pipeline code: sha256 {results['code']['sha256']}; seeded {results['seed']['resources']} in "
          f"{results['seed']['seconds']} s\n")  # fmt: skip
    print("| phase | keys | resources read | written / unchanged | AWS calls | Port calls | wall | CPU s | "
          "RSS before sync | peak RSS | peak after org run |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for p in results["phases"]:
        org_mark = next((m for m in p["marks"] if "discovered" in m["line"]), {})
        print(f"| {p['phase']} | {p['keys']} | {sum(p['resources_by_kind'].values())} | {p['written']} / "
              f"{p['unchanged']} | {p['aws_calls']} | {p['port_calls']} | {p['wall_seconds']} s | "
              f"{p['cpu_seconds']} | {p['rss_before_sync_mib']} MiB | **{p['peak_rss_mib']} MiB** | "
              f"{org_mark.get('hwm_mib')} MiB |")  # fmt: skip
    for p in results["phases"]:
        print(f"\n{p['phase']}: resources {p['resources_by_kind']}; AWS calls {p['aws_calls_by_operation']}; "
              f"Port {p['port_calls_by_route']}; sessions/clients created {p['sessions_and_clients_created']}; "
              f"failures {p['failures']}")  # fmt: skip
    return 0 if all(p["ok"] for p in results["phases"]) else 1


def main_discovery(args, workdir: Path, results: dict) -> int:
    """N ACTIVE member accounts (+ management) with no resources; `discover_accounts` timed in fresh processes."""
    regions = ALL_REGIONS[: args.regions]
    config = {
        "aws": {"member_role_name": "PortOceanReadRole", "region_policy": {"allow": regions, "deny": []}},
        "port": {"client_id": "${PORT_CLIENT_ID}", "client_secret": "${PORT_CLIENT_SECRET}"},
    }
    from port_aws_pipeline.devtools.seeding import OrgSpec

    with emulated_aws_and_port(args, config, workdir) as (config_path, *_):
        spec = OrgSpec(accounts=args.discovery, suspended=0, regions=regions[:1], per_kind=0, kinds=["sqs"])
        started = time.monotonic()
        seed_in_subprocess(spec, args.seed_workers)
        results["seed"] = {"seconds": round(time.monotonic() - started, 2)}
        for attempt in range(args.repeat):
            log(f"discovery #{attempt + 1}: load {loadavg()} ...")
            phase = {"phase": f"discovery #{attempt + 1}", "loadavg_start": loadavg(),
                     **_in_child(_discover_child, str(config_path))}  # fmt: skip
            results["phases"].append(phase)
            log(f"  {phase}")
    print(
        f"\n## --discovery {args.discovery} (+ management): {results['date_utc']}, code {results['code']['sha256']}\n"
    )
    print("| run | accounts | failed | AWS calls | wall | CPU s | peak RSS | load |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for p in results["phases"]:
        print(f"| {p['phase']} | {p['accounts']} | {p['failed']} | {p['aws_calls']} | {p['wall_seconds']} s | "
              f"{p['cpu_seconds']} | {p['peak_rss_mib']} MiB | {_load(p)} |")  # fmt: skip
    return 0 if all(not p["failed"] for p in results["phases"]) else 1


# --- main -------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    add = parser.add_argument
    add("--accounts", type=int, help="ACTIVE member accounts (default 10, --scale 99); the management account is "
        "synced too")  # fmt: skip
    add("--regions", type=int, help=f"regions synced, the first N of {', '.join(ALL_REGIONS[:3])}, ... "
        f"(default 3, --scale {len(ALL_REGIONS)})")  # fmt: skip
    add(
        "--per-kind", type=int, help="resources of each seeded kind per seeded account x region (default 20, --scale 1)"
    )
    add("--seed-regions", type=int, help="seed resources only in the first N synced regions (default: all)")
    add("--scale", action="store_true", help="99 member accounts + management = 100 accounts x 17 regions, 1 per kind")
    add("--all-kinds", action="store_true", help="the full default mapping and blueprints, and every seeder")
    add("--parallel", type=int, default=4, help="run_sync(parallel=N): ranged runs at once (default 4)")
    add(
        "--max-partitions-per-run",
        type=int,
        help="run.max_partitions_per_run in the config (default: the config's 100)",
    )
    add("--half", type=int, help="accounts synced in the small-size resync (default: half of the discovered accounts)")
    add("--repeat", type=int, default=1, help="rounds of (full, half) unchanged resyncs (default 1)")
    add("--no-half", action="store_true", help="skip the small-size resync (no marginal cost)")
    add("--ref-accounts", type=int, default=8, help="reference reader: accounts at once (default 8, like "
        "aws.max_concurrent_accounts)")  # fmt: skip
    add("--ref-kinds", type=int, default=4, help="reference reader: threads per account (default 4, like "
        "aws.max_concurrent_kinds)")  # fmt: skip
    add("--ref", choices=["both", "before"], default="both", help="reference read before and after each unchanged "
        "resync (default), or only before (shorter runs)")  # fmt: skip
    add("--ref-paced", action="store_true", help="the reference paces its calls like the pipeline "
        "(aws.calls_per_second token buckets); default: unpaced")  # fmt: skip
    add("--ref-shared-loader", action="store_true", help="the reference shares one botocore loader across accounts")
    add("--suspended", type=int, default=0, help="extra SUSPENDED accounts (never synced; default 0)")
    add("--seed-workers", type=int, default=8, help="threads seeding moto concurrently (default 8)")
    add("--no-snapshot", action="store_true", help="run the working tree in place instead of a copy taken at start")
    add("--code", type=Path, metavar="DIR", help="snapshot DIR/port_aws_pipeline instead of the working tree's (e.g. "
        "`git archive HEAD port_aws_pipeline | tar -x -C DIR`, for a before/after comparison)")  # fmt: skip
    add("--big-partition", type=int, metavar="N", nargs="?", const=10000, help="instead of the organization: N "
        "resources (default 10000) in ONE account x region (EC2 instances + their root volumes, ECS clusters, "
        "Secrets Manager secrets); a first sync and an unchanged resync, each in a fresh process: peak RSS, wall, "
        "calls")  # fmt: skip
    add("--discovery", type=int, metavar="N", help="instead of a sync: N member accounts with no resources, and "
        "`discover_accounts` alone timed in a fresh process (--repeat times); --regions as usual")  # fmt: skip
    add("--json", metavar="PATH", help="also write the results as JSON")
    add("--keep", action="store_true", help="keep the temporary directory (DAGSTER_HOME, config, moto log)")
    args = parser.parse_args(argv)
    defaults = SCALE if args.scale else {"accounts": 10, "regions": 3, "per_kind": 20}
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if args.big_partition is not None and args.big_partition < 4:
        parser.error("--big-partition N needs N >= 4")
    if args.code and not (args.code / "port_aws_pipeline").is_dir():
        parser.error(f"--code {args.code}: no port_aws_pipeline/ in it")
    if args.code and args.no_snapshot:
        parser.error("--code and --no-snapshot exclude each other")
    if not 1 <= args.regions <= len(ALL_REGIONS):
        parser.error(f"--regions must be 1..{len(ALL_REGIONS)}")
    if args.seed_regions is None:
        args.seed_regions = args.regions
    if not 0 <= args.seed_regions <= args.regions:
        parser.error("--seed-regions must be 0..--regions")
    if min(args.accounts, args.parallel, args.repeat, args.ref_accounts, args.ref_kinds) < 1 or args.per_kind < 0:
        parser.error("--accounts, --parallel, --repeat, --ref-accounts/--ref-kinds must be >= 1, --per-kind >= 0")
    return args


def machine_facts() -> dict:
    machine = {"nproc": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    try:
        with open("/proc/cpuinfo") as fh:
            machine["cpu_model"] = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), None)
        with open("/proc/meminfo") as fh:
            machine["mem_total_mib"] = mib(int(next(ln for ln in fh if ln.startswith("MemTotal")).split()[1]))
    except (OSError, StopIteration):
        pass
    return machine


def _terminate(signum, _frame) -> None:
    raise SystemExit(128 + signum)  # unwind: moto, the emulator and the workdir are cleaned up


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    regions = ALL_REGIONS[: args.regions]
    workdir = Path(tempfile.mkdtemp(prefix="port-aws-bench-"))
    code_root = REPO
    if not args.no_snapshot:
        code_root = snapshot_code(workdir, args.code or REPO)
        sys.path.insert(0, str(code_root))  # spawned children (workers, seeding, emulator) inherit sys.path
        os.environ[CODE_ENV] = str(code_root)  # ... and this, which puts it back first when they import this script
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(code_root), os.environ.get("PYTHONPATH")) if p)
    import port_aws_pipeline

    log(f"pipeline code: {Path(port_aws_pipeline.__file__).parent}")
    if args.big_partition or args.discovery:
        results = {"date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                   "code": {**code_fingerprint(code_root), "snapshot": not args.no_snapshot, "source": str(args.code)},
                   "params": {k: v for k, v in vars(args).items() if k not in ("json", "keep", "code")},
                   "machine": machine_facts(), "phases": []}  # fmt: skip
        try:
            mode = main_big_partition if args.big_partition else main_discovery
            status = mode(args, workdir, results)
        finally:
            if args.json:
                Path(args.json).write_text(json.dumps(results, indent=2, sort_keys=False) + "\n")
            if not args.keep:
                shutil.rmtree(workdir, ignore_errors=True)
        return status
    config: dict = {
        "aws": {"member_role_name": "PortOceanReadRole", "region_policy": {"allow": regions, "deny": []}},
        "port": {"client_id": "${PORT_CLIENT_ID}", "client_secret": "${PORT_CLIENT_SECRET}"},
    }
    if not args.all_kinds:
        mapping_path, blueprints_path = write_restricted_mapping(workdir, ORIGINAL_KINDS)
        config.update({"mapping": str(mapping_path), "blueprints": str(blueprints_path)})
    if args.max_partitions_per_run:
        config["run"] = {"max_partitions_per_run": args.max_partitions_per_run}
    recording = workdir / "moto_recording.jsonl"

    from reference import ReferenceReader
    from reference import plans_for

    from port_aws_pipeline.config import load_config
    from port_aws_pipeline.devtools.seeding import OrgSpec

    plans = plans_for(config.get("mapping"))
    services = {p.kind.service for p in plans} | {
        "sts",
        "organizations",
        "account",
        "ec2",
        "s3",
        "resourcegroupstaggingapi",
    }
    seeders = [] if args.all_kinds else ORIGINAL_SEEDERS
    spec = OrgSpec(accounts=args.accounts, suspended=args.suspended, regions=regions[: args.seed_regions],
                   per_kind=args.per_kind, kinds=seeders)  # fmt: skip
    results: dict = {
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "code": {**code_fingerprint(code_root), "snapshot": not args.no_snapshot},
        "params": {**{k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()
                      if k not in ("json", "keep")}, "regions": regions,
                   "mapped_kinds": sorted(p.kind.kind for p in plans), "seeders": spec.selected_kinds()},
        "machine": machine_facts(),
        "phases": [],
    }  # fmt: skip
    bench = None
    try:
        with emulated_aws_and_port(args, config, workdir, recording) as (
            config_path,
            moto_url,
            moto_pid,
            port_url,
            emulator_pid,
        ):
            log(
                f"seeding {args.accounts} accounts x {len(spec.regions)} regions x seeders {spec.selected_kinds()} x "
                f"{args.per_kind} (+{args.suspended} suspended) with {args.seed_workers} workers, load {loadavg()} ..."
            )
            started = time.monotonic()
            seed_in_subprocess(spec, args.seed_workers)
            results["seed"] = {"seconds": round(time.monotonic() - started, 2), "loadavg_end": loadavg(),
                               "moto_rss_mib": mib(_status_kib(moto_pid, "VmRSS")) if moto_pid else None}  # fmt: skip
            log(f"seeded in {results['seed']['seconds']} s, moto RSS {results['seed']['moto_rss_mib']} MiB")

            recorder = MotoRecorder(moto_url, recording, OperationNames(services))
            reader = ReferenceReader(
                plans,
                role_name="PortOceanReadRole",
                account_threads=args.ref_accounts,
                kind_threads=args.ref_kinds,
                shared_loader=args.ref_shared_loader,
                calls_per_second=load_config(str(config_path)).aws.calls_per_second if args.ref_paced else None,
            )
            bench = Bench(config_path=config_path, parallel=args.parallel, port_url=port_url, recorder=recorder,
                          moto_pid=moto_pid, emulator_pid=emulator_pid, reader=reader)  # fmt: skip
            phases = results["phases"]
            phases.append(bench.sync("first sync"))
            if args.json:
                Path(args.json).write_text(json.dumps({**results, "partial": True}, indent=2) + "\n")
            discovered = bench.summaries["first sync"].discovered
            everyone = [(a.id, list(a.regions)) for a in discovered.accounts if not a.error]
            half_n = args.half or max(1, len(everyone) // 2)
            half = everyone[:half_n]
            sizes = [("full", everyone, None), ("half", half, [a for a, _ in half])]
            if args.no_half:
                sizes = sizes[:1]
            by_size: dict[str, tuple[list, list]] = {label: ([], []) for label, _, _ in sizes}
            for round_no in range(args.repeat):
                suffix = "" if round_no == 0 else f" #{round_no + 1}"
                for label, accounts, selection in sizes:
                    name = "unchanged resync" if label == "full" else f"unchanged resync, {len(accounts)} accounts"
                    name += suffix
                    refs = [bench.reference(f"reference before {name}", accounts)]
                    pipe = bench.sync(name, accounts=selection)
                    if args.ref == "both":
                        refs.append(bench.reference(f"reference after {name}", accounts))
                    phases += [refs[0], pipe, *refs[1:]]
                    if args.json:  # so far, in case the run is cut short (timeout)
                        Path(args.json).write_text(json.dumps({**results, "partial": True}, indent=2) + "\n")
                    by_size[label][0].append(pipe)
                    by_size[label][1].extend(refs)
            results["sizes"] = [size_row(label, *by_size[label]) for label, _, _ in sizes]
            if len(results["sizes"]) == 2:
                results["marginal"] = marginal(results["sizes"])
            results["other_processes_rss_mib"] = {
                "moto_server_peak_incl_seeding": mib(_status_kib(moto_pid, "VmHWM")) if moto_pid else None,
                "moto_server_now": mib(_status_kib(moto_pid, "VmRSS")) if moto_pid else None,
                "port_emulator_peak": mib(_status_kib(emulator_pid, "VmHWM")),
            }
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            log(f"kept {workdir}")

    p = results["params"]
    print(
        f"\n## port-aws-pipeline benchmark {results['date_utc']}: {p['accounts']} member accounts (+ management) x "
        f"{len(regions)} regions ({', '.join(regions)}), {len(p['mapped_kinds'])} mapped kinds, seeders "
        f"{p['seeders']} x {p['per_kind']} in {p['seed_regions']} regions, --parallel {p['parallel']}\n"
    )
    m = results["machine"]
    print(
        f"machine: {m.get('nproc')} CPUs ({m.get('cpu_model')}), {m.get('mem_total_mib')} MiB RAM, "
        f"Python {m['python']}, {m['platform']}"
    )
    print(f"pipeline code: sha256 {results['code']['sha256']} (newest file {results['code']['newest_file_mtime_utc']})")
    print(
        f"seeding moto (not measured below): {results['seed']['seconds']} s; moto RSS after seeding "
        f"{results['seed']['moto_rss_mib']} MiB; reference reader {args.ref_accounts} accounts x "
        f"{args.ref_kinds} threads\n"
    )
    print(markdown(results))
    print()
    print(details(results))
    print(f"\nother processes, MiB: {results['other_processes_rss_mib']}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, sort_keys=False) + "\n")
        print(f"\nresults written to {args.json}")
    pipes = [ph for ph in results["phases"] if ph["kind"] == "pipeline"]
    refs_ok = all(not ph["error_count"] for ph in results["phases"] if ph["kind"] == "reference")
    return 0 if all(ph["ok"] for ph in pipes) and refs_ok else 1


if __name__ == "__main__":
    sys.exit(main())
