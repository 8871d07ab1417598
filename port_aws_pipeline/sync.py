"""One-off sync: the same jobs the schedule runs, executed now in the local instance.

`sync_organization` runs first (discovery, blueprints, awsAccount entities, removals),
then the partitions in ranged `sync_partitions` runs of `run.max_partitions_per_run`
keys each, all tagged with one resync id, so a CLI sync shows in the Dagster UI as the
same named jobs as a scheduled resync.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import as_completed
from importlib import resources
from pathlib import Path

import dagster as dg
from pydantic import BaseModel
from pydantic import Field

from port_aws_pipeline.assets import INVENTORY_JOB
from port_aws_pipeline.assets import ORGANIZATION_JOB
from port_aws_pipeline.assets import PARTITIONS_JOB
from port_aws_pipeline.assets.common import POOLS
from port_aws_pipeline.assets.partitions import PARTITIONS_NODE
from port_aws_pipeline.config import AppConfig
from port_aws_pipeline.dagster_compat import range_tags
from port_aws_pipeline.definitions import build_definitions
from port_aws_pipeline.models import GLOBAL_REGION
from port_aws_pipeline.models import DiscoveredOrganization
from port_aws_pipeline.partition_sync import PartitionReport
from port_aws_pipeline.partitions import PARTITIONS_NAME
from port_aws_pipeline.partitions import carrier_region
from port_aws_pipeline.partitions import contiguous_chunks
from port_aws_pipeline.partitions import split_partition_key
from port_aws_pipeline.port.catalog import AccountsReport
from port_aws_pipeline.schedules import RESYNC_TAG

DEFAULT_DAGSTER_HOME = ".dagster_home"
TRIGGER_TAG = "port_aws_pipeline/trigger"


#: The summary table is the CLI's output; full event logs (tracebacks included) are in the instance and the UI.
#: `sync --verbose` (or PORT_AWS_LOG_LEVEL) shows Dagster's own log on the console.
def console_log_level() -> str:
    return os.environ.get("PORT_AWS_LOG_LEVEL", "CRITICAL")


class PartitionOutcome(BaseModel):
    account_id: str
    region: str
    run_id: str
    ok: bool
    report: PartitionReport | None = None
    failure: str | None = None
    fix: str | None = None
    seconds: float = 0.0
    #: The run's asset checks on port_upserts (check name -> passed); the same for every key of one run.
    checks: dict[str, bool] = Field(default_factory=dict)


class SyncSummary(BaseModel):
    organization_ok: bool
    organization_failure: str | None = None
    organization_fix: str | None = None
    accounts: AccountsReport | None = None
    discovered: DiscoveredOrganization | None = None
    partitions: list[PartitionOutcome] = Field(default_factory=list)
    removed_partitions: list[str] = Field(default_factory=list)
    runs: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return (
            self.organization_ok and all(p.ok for p in self.partitions) and not (self.accounts and self.accounts.errors)
        )

    @property
    def checks(self) -> dict[str, bool]:
        """Each asset check over all partition runs: passed only if it passed in every run that evaluated it."""
        combined: dict[str, bool] = {}
        for outcome in self.partitions:
            for name, passed in outcome.checks.items():
                combined[name] = combined.get(name, True) and passed
        return combined


def dagster_instance() -> dg.DagsterInstance:
    """The instance at DAGSTER_HOME (./.dagster_home when unset), set up from ./dagster.yaml or the packaged one."""
    if not os.environ.get("DAGSTER_HOME"):
        home = Path(DEFAULT_DAGSTER_HOME).resolve()
        home.mkdir(parents=True, exist_ok=True)
        os.environ["DAGSTER_HOME"] = str(home)
    home = Path(os.environ["DAGSTER_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        local = Path("dagster.yaml")
        text = (
            local.read_text()
            if local.exists()
            else resources.files("port_aws_pipeline.templates").joinpath("dagster.yaml").read_text()
        )
        (home / "dagster.yaml").write_text(text)
    return dg.DagsterInstance.get()


def _first_failure(result: dg.ExecuteInProcessResult) -> tuple[str, str | None, dict]:
    """(cause, fix, metadata) of the first failed step: the classified cause when the step failed fast."""
    for event in result.all_events:
        if event.is_step_failure:
            data = event.step_failure_data
            user = data.user_failure_data
            if user and user.description:
                fix = user.metadata.get("fix")
                failed = user.metadata.get("failed")
                return (
                    f"{event.step_key}: {user.description}",
                    (fix.value if fix is not None else None) or None,
                    dict(failed.value) if failed is not None else {},
                )
            message = data.error.message.strip().splitlines()[-1] if data.error else "failed"
            return f"{event.step_key}: {message}", None, {}
    return "run failed", None, {}


class SyncRunner:
    """Runs the named jobs in this process against the instance."""

    def __init__(self, config: AppConfig, config_path: str | None, instance: dg.DagsterInstance, resync_id: str):
        self.config = config
        self.instance = instance
        self.defs = build_definitions(config, config_path)
        self.tags = {TRIGGER_TAG: "cli", RESYNC_TAG: resync_id}

    def execute(self, job_name: str, tags: dict[str, str]) -> dg.ExecuteInProcessResult:
        job = self.defs.resolve_job_def(job_name)
        return job.execute_in_process(
            instance=self.instance,
            raise_on_error=False,
            tags={**self.tags, **tags},
            run_config={"loggers": {"console": {"config": {"log_level": console_log_level()}}}},
        )

    def sync_organization(self, summary: SyncSummary) -> None:
        result = self.execute(ORGANIZATION_JOB, {})
        summary.runs += 1
        summary.organization_ok = result.success
        if not result.success:
            summary.organization_failure, summary.organization_fix, _ = _first_failure(result)
            return
        summary.discovered = result.output_for_node("aws_accounts")
        summary.accounts = result.output_for_node("port_accounts")

    def register_partitions(self, accounts_report: AccountsReport) -> list[str]:
        """The planner's keys: new ones added, those whose entities were removed (or never existed) dropped."""
        plan = accounts_report.plan
        self.instance.add_dynamic_partitions(PARTITIONS_NAME, plan.add_keys)
        for key in plan.remove_keys:
            self.instance.delete_dynamic_partition(PARTITIONS_NAME, key)
        return plan.remove_keys

    def initialize_pools(self) -> None:
        """Create the pool rows once, before parallel runs race to create them (a UniqueViolation on PostgreSQL)."""
        for pool in POOLS:
            self.instance.event_log_storage.initialize_concurrency_limit_to_default(pool)

    def sync_chunk(self, keys: list[str]) -> list[PartitionOutcome]:
        started = time.monotonic()
        result = self.execute(PARTITIONS_JOB, range_tags(keys[0], keys[-1]))
        seconds = time.monotonic() - started
        reports: dict[str, PartitionReport] = {}
        for materialization in result.asset_materializations_for_node(PARTITIONS_NODE):
            if materialization.asset_key == dg.AssetKey("port_upserts") and "report" in materialization.metadata:
                reports[materialization.partition] = PartitionReport.model_validate(
                    materialization.metadata["report"].value
                )
        checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
        cause, fix, failed = (None, None, {}) if result.success else _first_failure(result)
        outcomes = []
        for key in keys:
            account_id, region = split_partition_key(key)
            report = reports.get(key)
            outcomes.append(
                PartitionOutcome(
                    account_id=account_id,
                    region=region,
                    run_id=result.run_id,
                    ok=report is not None and report.ok,
                    report=report,
                    failure=None if report else failed.get(key, cause),
                    fix=None if report else fix,
                    seconds=seconds,
                    checks=checks,
                )
            )
        return outcomes


_worker_runner: SyncRunner | None = None


def _start_worker(config_path: str | None, resync_id: str) -> None:
    global _worker_runner
    from port_aws_pipeline.config import load_config

    _worker_runner = SyncRunner(load_config(config_path), config_path, dagster_instance(), resync_id)


def _sync_in_worker(keys: list[str]) -> list[PartitionOutcome]:
    return _worker_runner.sync_chunk(keys)


def sync_chunks(
    runner: SyncRunner, chunks: list[list[str]], config_path: str | None, parallel: int, resync_id: str
) -> Iterator[list[PartitionOutcome]]:
    """Chunks in this process one by one, or in `parallel` worker processes (Dagster's in-process
    execution is not thread-safe; processes are how Dagster itself runs concurrent runs)."""
    if parallel <= 1 or len(chunks) <= 1:
        yield from (runner.sync_chunk(chunk) for chunk in chunks)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=min(parallel, len(chunks)),
        mp_context=context,
        initializer=_start_worker,
        initargs=(config_path, resync_id),
    ) as pool:
        futures = [pool.submit(_sync_in_worker, chunk) for chunk in chunks]
        for future in as_completed(futures):
            yield future.result()


def select_keys(
    registered: list[str], accounts: list[str], regions: list[str], carriers: dict[str, str] | None = None
) -> list[str]:
    """Registered keys (in added order) of the selected accounts and regions; `global` selects each account's
    carrier key (`carriers`: account -> the region whose key reads its global kinds)."""
    carriers = carriers or {}
    selected = []
    for key in registered:
        account_id, region = split_partition_key(key)
        carrier = carriers.get(account_id, GLOBAL_REGION) == region and GLOBAL_REGION in regions
        if (not accounts or account_id in accounts) and (not regions or region in regions or carrier):
            selected.append(key)
    return selected


def run_sync(
    config: AppConfig,
    config_path: str | None,
    *,
    accounts: list[str] | None = None,
    regions: list[str] | None = None,
    parallel: int = 1,
    progress: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
) -> SyncSummary:
    started = time.monotonic()
    instance = dagster_instance()
    resync_id = f"cli-{uuid.uuid4().hex[:8]}"
    runner = SyncRunner(config, config_path, instance, resync_id)
    summary = SyncSummary(organization_ok=False)
    progress(f"resync {resync_id}: discovering accounts and syncing blueprints and awsAccount entities ...")
    runner.sync_organization(summary)
    if not summary.organization_ok:
        summary.seconds = time.monotonic() - started
        return summary
    summary.removed_partitions = runner.register_partitions(summary.accounts)
    unknown = sorted(set(accounts or []) - {a.id for a in summary.discovered.accounts})
    for account_id in unknown:
        progress(f"warning: --account {account_id} is not among the discovered accounts; skipped")
    registered = instance.get_dynamic_partitions(PARTITIONS_NAME)
    carriers = {a.id: carrier_region(a.regions) for a in summary.discovered.accounts}
    keys = select_keys(registered, accounts or [], regions or [], carriers)
    chunks = contiguous_chunks(registered, keys, config.run.max_partitions_per_run)
    runner.initialize_pools()
    progress(
        f"{len(summary.discovered.accounts)} accounts discovered ({summary.discovered.source}); syncing "
        f"{len(keys)} account x region partitions in {len(chunks)} run(s) of up to "
        f"{config.run.max_partitions_per_run}"
    )
    done = 0
    for outcomes in sync_chunks(runner, chunks, config_path, parallel, resync_id):
        summary.runs += 1
        done += len(outcomes)
        failed = sum(not o.ok for o in outcomes)
        progress(
            f"[{done}/{len(keys)}] run {outcomes[0].run_id[:8]}: {len(outcomes)} partitions, "
            f"{failed} failed ({outcomes[0].seconds:.1f}s)"
        )
        summary.partitions += outcomes
    if chunks:
        inventory = runner.execute(INVENTORY_JOB, {})
        summary.runs += 1
        if not inventory.success:
            progress("warning: the inventory report failed; see its run in the Dagster UI")
    summary.seconds = time.monotonic() - started
    return summary
