"""The reference reader: the pipeline's AWS reads and nothing else, for a side-by-side baseline.

Plain boto3 and threads. For every account: one `sts:AssumeRole` into the member role (a
plain boto3 session from the returned keys), one `AwsClients` (the pipeline's client pool,
one client per service x region). For every account x region key, and `global`: each mapped
kind's own `fetch` from `port_aws_pipeline.kinds.registered_kinds()`, with the same
includeActions and region rules as the pipeline's `plans_from_mapping`. That is the same AWS
work a partition run does, without Dagster, the jq mapping, Port, or any bookkeeping; the
items are counted and dropped (not even shaped into records).

Discovery (Organizations, regions) is not part of it: the reference is given the accounts and
their regions, as found by the pipeline's own discovery.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import boto3
import botocore.loaders
import botocore.session

from port_aws_pipeline.aws.calls import CallRecorder
from port_aws_pipeline.aws.sessions import CLIENT_CONFIG
from port_aws_pipeline.aws.sessions import AwsClients
from port_aws_pipeline.aws.sessions import member_role_arn
from port_aws_pipeline.kinds import ReadContext
from port_aws_pipeline.kinds import registered_kinds
from port_aws_pipeline.models import GLOBAL_REGION


def plans_for(mapping_path: str | None) -> list:
    """The pipeline's KindPlans for this mapping; every kind must be a registered module (no Cloud Control)."""
    from port_aws_pipeline.port.mapping import load_mapping
    from port_aws_pipeline.reader import plans_from_mapping

    plans = plans_from_mapping(load_mapping(mapping_path))
    registered = registered_kinds()
    unregistered = [p.kind.kind for p in plans if registered.get(p.kind.kind) is not p.kind]
    if unregistered:
        raise SystemExit(f"reference reader: kinds without a registered module: {unregistered}")
    return plans


class ReferenceReader:
    """Reads `accounts` ([(account_id, regions)]): `account_threads` accounts at once, each with its own pool of
    `kind_threads` threads over its (region, kind) jobs; an account's session and clients are dropped when it is
    done (a fresh botocore session holds ~100 MB of parsed service models, so keeping every account's alive
    would cost GBs at 100 accounts). The same shape as the pipeline's `aws.max_concurrent_accounts` x
    `aws.max_concurrent_kinds`, without its per-region barrier."""

    def __init__(
        self,
        plans: list,
        *,
        role_name: str,
        account_threads: int = 8,
        kind_threads: int = 4,
        partition: str = "aws",
        shared_loader: bool = False,
        calls_per_second: dict[str, float] | None = None,
    ):
        self.plans, self.role_name, self.partition = plans, role_name, partition
        self.account_threads, self.kind_threads = account_threads, kind_threads
        #: False: every account's boto3.Session parses the service models again (what plain boto3 code, and the
        #: pipeline, do); True: one botocore data loader (parsed JSON models, endpoints) shared by every session.
        self.shared_loader = shared_loader
        #: None: as fast as boto3 goes; else the pipeline's own pacing (`aws.calls_per_second` over each service's
        #: documented limit, the same token buckets).
        self.calls_per_second = calls_per_second

    def jobs(self, regions: list[str]) -> list[tuple[str, object]]:
        """(region, plan) of one account: global kinds in `global`, the others in each allowed region."""
        out = []
        for region in [GLOBAL_REGION, *regions]:
            for plan in self.plans:
                if plan.kind.is_global != (region == GLOBAL_REGION):
                    continue
                if region != GLOBAL_REGION and not plan.allows_region(region):
                    continue
                out.append((region, plan))
        return out

    def read(self, accounts: list[tuple[str, list[str]]]) -> dict:
        recorder = CallRecorder()
        base = boto3.Session(region_name="us-east-1")
        try:  # the pipeline's own: one loader per process, its search paths de-duplicated
            from port_aws_pipeline.aws.sessions import new_botocore_session
        except ImportError:  # older code (run_bench --code)
            loader = botocore.loaders.create_loader()

            def new_botocore_session():
                core = botocore.session.Session()
                core.register_component("data_loader", loader)
                return core

        items: Counter[str] = Counter()
        errors: list[str] = []
        guard = threading.Lock()

        def account_clients(account_id: str) -> AwsClients:
            sts = base.client("sts", config=CLIENT_CONFIG)
            recorder.attach(sts)
            role = member_role_arn(self.partition, account_id, self.role_name)
            creds = sts.assume_role(RoleArn=role, RoleSessionName="port-aws-bench-reference")["Credentials"]
            session = boto3.Session(
                botocore_session=new_botocore_session() if self.shared_loader else None,
                aws_access_key_id=creds["AccessKeyId"],
                aws_secret_access_key=creds["SecretAccessKey"],
                aws_session_token=creds["SessionToken"],
                region_name="us-east-1",
            )
            paced = {}
            if self.calls_per_second is not None:
                from port_aws_pipeline.aws.limits import CallRates

                paced = {"call_rates": CallRates(self.calls_per_second)}
            return AwsClients(
                session=session, account_id=account_id, partition=self.partition, recorder=recorder, **paced
            )

        def read_account(account: tuple[str, list[str]]) -> int:
            account_id, regions = account
            try:
                clients = account_clients(account_id)
            except Exception as exc:  # noqa: BLE001
                with guard:
                    errors.append(f"{account_id}: AssumeRole: {type(exc).__name__}: {exc}"[:300])
                return 0

            def run(job) -> None:
                region, plan = job
                ctx = ReadContext(account_id, region, self.partition, tuple(regions), plan.actions)
                try:
                    found = plan.kind.fetch(clients, ctx)
                except Exception as exc:  # noqa: BLE001 - counted and reported, like the pipeline's read errors
                    with guard:
                        errors.append(f"{account_id}|{region} {plan.kind.kind}: {type(exc).__name__}: {exc}"[:300])
                    return
                with guard:
                    items[plan.kind.kind] += len(found)

            jobs = self.jobs(regions)
            with ThreadPoolExecutor(max_workers=self.kind_threads) as pool:
                list(pool.map(run, jobs))
            return len(jobs)

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=self.account_threads) as pool:
            jobs = sum(pool.map(read_account, accounts))
        seconds = time.monotonic() - started
        return {
            "seconds": round(seconds, 3),
            "accounts": len(accounts),
            "keys": sum(max(len(regions), 1) for _, regions in accounts),  # like the pipeline: account x region
            "jobs": jobs,
            "threads": f"{self.account_threads} accounts x {self.kind_threads} kinds",
            "shared_loader": self.shared_loader,
            "calls_per_second": self.calls_per_second,
            "aws_calls": recorder.total,
            "aws_calls_by_operation": dict(sorted(recorder.counts.items())),
            "items_by_kind": dict(sorted(items.items())),
            "errors": errors[:20],
            "error_count": len(errors),
        }
