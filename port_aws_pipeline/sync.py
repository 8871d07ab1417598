"""One-off sync: the same assets the schedule runs, materialized now in the local instance.

Runs are recorded in the instance at DAGSTER_HOME, so a one-off sync shows in the
Dagster UI exactly like a scheduled one.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from importlib import resources
from pathlib import Path

import dagster as dg
from pydantic import BaseModel, Field

from port_aws_pipeline.assets import ALL_ASSETS, ORGANIZATION_ASSETS, PARTITIONED_ASSETS
from port_aws_pipeline.assets.common import POOLS
from port_aws_pipeline.assets.resources import PartitionReport
from port_aws_pipeline.config import AppConfig
from port_aws_pipeline.storage import io_manager_from_config
from port_aws_pipeline.models import DiscoveredOrganization
from port_aws_pipeline.partitions import (
    ACCOUNTS_PARTITION,
    REGIONS_PARTITION,
    partition_key,
    partition_keys_for,
    split_partition_key,
)
from port_aws_pipeline.port.catalog import AccountsReport
from port_aws_pipeline.resources import PipelineSettings

DEFAULT_DAGSTER_HOME = ".dagster_home"
#: The summary table is the CLI's output; full event logs are in the instance (and the UI).
CONSOLE_LOG_LEVEL = os.environ.get("PORT_AWS_LOG_LEVEL", "WARNING")


class PartitionOutcome(BaseModel):
    account_id: str
    region: str
    run_id: str
    ok: bool
    report: PartitionReport | None = None
    failure: str | None = None
    fix: str | None = None
    seconds: float = 0.0


class SyncSummary(BaseModel):
    organization_ok: bool
    organization_failure: str | None = None
    organization_fix: str | None = None
    accounts: AccountsReport | None = None
    discovered: DiscoveredOrganization | None = None
    partitions: list[PartitionOutcome] = Field(default_factory=list)
    removed_partitions: list[str] = Field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.organization_ok and all(p.ok for p in self.partitions) and not (self.accounts and self.accounts.errors)


def dagster_instance() -> dg.DagsterInstance:
    """The instance at DAGSTER_HOME (./.dagster_home when unset), set up from ./dagster.yaml if new."""
    if not os.environ.get("DAGSTER_HOME"):
        home = Path(DEFAULT_DAGSTER_HOME).resolve()
        home.mkdir(parents=True, exist_ok=True)
        os.environ["DAGSTER_HOME"] = str(home)
    home = Path(os.environ["DAGSTER_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        local = Path("dagster.yaml")
        text = local.read_text() if local.exists() else resources.files("port_aws_pipeline.templates").joinpath("dagster.yaml").read_text()
        (home / "dagster.yaml").write_text(text)
    return dg.DagsterInstance.get()


def _first_failure(result: dg.ExecuteInProcessResult) -> tuple[str, str | None]:
    """(cause, fix) of the first failed step: the classified cause when the step failed fast."""
    for event in result.all_events:
        if event.is_step_failure:
            data = event.step_failure_data
            user = data.user_failure_data
            if user and user.description:
                fix = user.metadata.get("fix")
                return f"{event.step_key}: {user.description}", (fix.value if fix is not None else None)
            message = data.error.message.strip().splitlines()[-1] if data.error else "failed"
            return f"{event.step_key}: {message}", None
    return "run failed", None


class SyncRunner:
    """Materializes the organization assets, registers partitions, then every selected partition."""

    def __init__(self, config: AppConfig, config_path: str | None, instance: dg.DagsterInstance):
        self.config = config
        self.instance = instance
        self.resources = {"settings": PipelineSettings(config_path=config_path), "io_manager": io_manager_from_config(config)}

    def _materialize(self, selection, partition_key=None) -> dg.ExecuteInProcessResult:
        return dg.materialize(
            ALL_ASSETS, selection=selection, instance=self.instance, resources=self.resources,
            partition_key=partition_key, raise_on_error=False, tags={"port_aws_pipeline/trigger": "cli"},
            run_config={"loggers": {"console": {"config": {"log_level": CONSOLE_LOG_LEVEL}}}},
        )

    def sync_organization(self, summary: SyncSummary) -> None:
        result = self._materialize(ORGANIZATION_ASSETS)
        summary.organization_ok = result.success
        if not result.success:
            summary.organization_failure, summary.organization_fix = _first_failure(result)
            return
        summary.discovered = result.output_for_node("aws_accounts")
        summary.accounts = result.output_for_node("port_accounts")

    def register_partitions(self, discovered: DiscoveredOrganization, accounts_report: AccountsReport) -> list[str]:
        """Add partitions for what was discovered; drop those of accounts whose entities were cleaned up."""
        wanted = [a.id for a in discovered.accounts]
        existing = set(self.instance.get_dynamic_partitions(ACCOUNTS_PARTITION))
        self.instance.add_dynamic_partitions(ACCOUNTS_PARTITION, [a for a in wanted if a not in existing])
        plan = accounts_report.plan
        self.instance.add_dynamic_partitions(REGIONS_PARTITION, plan.new_region_keys)
        removed = [a for a in plan.removed_accounts if a in existing]
        for account_id in removed:
            self.instance.delete_dynamic_partition(ACCOUNTS_PARTITION, account_id)
        for region in plan.removed_region_keys:
            self.instance.delete_dynamic_partition(REGIONS_PARTITION, region)
        return removed + [f"region {r}" for r in plan.removed_region_keys]

    def initialize_pools(self) -> None:
        """Create the pool rows once, before parallel runs race to create them (a UniqueViolation on PostgreSQL)."""
        for pool in POOLS:
            self.instance.event_log_storage.initialize_concurrency_limit_to_default(pool)

    def sync_partition(self, key: dg.MultiPartitionKey) -> PartitionOutcome:
        account_id, region = split_partition_key(key)
        started = time.monotonic()
        result = self._materialize(PARTITIONED_ASSETS, partition_key=key)
        outcome = PartitionOutcome(account_id=account_id, region=region, run_id=result.run_id, ok=result.success,
                                   seconds=time.monotonic() - started)
        if result.success:
            outcome.report = result.output_for_node("port_upserts")
            outcome.ok = outcome.report.ok
        else:
            outcome.failure, outcome.fix = _first_failure(result)
        return outcome


_worker_runner: SyncRunner | None = None


def _start_worker(config_path: str | None) -> None:
    global _worker_runner
    from port_aws_pipeline.config import load_config

    _worker_runner = SyncRunner(load_config(config_path), config_path, dagster_instance())


def _sync_in_worker(key: str) -> PartitionOutcome:
    account_id, region = split_partition_key(key)
    return _worker_runner.sync_partition(partition_key(account_id, region))


def sync_partitions(runner: SyncRunner, keys: list[dg.MultiPartitionKey], config_path: str | None, parallel: int) -> Iterator[PartitionOutcome]:
    """In this process one by one, or in `parallel` worker processes.

    Dagster's in-process execution is not thread-safe (logging and SQLite locks), and
    processes are how Dagster itself runs concurrent runs against one instance.
    """
    if parallel <= 1 or len(keys) <= 1:
        yield from (runner.sync_partition(key) for key in keys)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=parallel, mp_context=context, initializer=_start_worker, initargs=(config_path,)) as pool:
        futures = [pool.submit(_sync_in_worker, str(key)) for key in keys]
        for future in as_completed(futures):
            yield future.result()


def select_partitions(discovered: DiscoveredOrganization, accounts: list[str], regions: list[str]) -> list[dg.MultiPartitionKey]:
    """Each selected account crossed with every discovered region key ("global" included).

    An account that does not sync a region other accounts sync reads it as complete and
    empty, which is what cleans up after a region is disabled in one account.
    """
    account_ids = [a.id for a in discovered.accounts if not accounts or a.id in accounts]
    region_keys = list(discovered.regions)
    if regions:
        region_keys = [r for r in region_keys if r in regions]
    return partition_keys_for(account_ids, region_keys) if region_keys else []


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
    runner = SyncRunner(config, config_path, instance)
    summary = SyncSummary(organization_ok=False)
    progress("discovering accounts and syncing blueprints and awsAccount entities ...")
    runner.sync_organization(summary)
    if not summary.organization_ok:
        summary.seconds = time.monotonic() - started
        return summary
    summary.removed_partitions = runner.register_partitions(summary.discovered, summary.accounts)
    unknown = sorted(set(accounts or []) - {a.id for a in summary.discovered.accounts})
    for account_id in unknown:
        progress(f"warning: --account {account_id} is not among the discovered accounts; skipped")
    keys = select_partitions(summary.discovered, accounts or [], regions or [])
    runner.initialize_pools()
    progress(f"{len(summary.discovered.accounts)} accounts discovered ({summary.discovered.source}); syncing {len(keys)} account x region partitions")
    for done, outcome in enumerate(sync_partitions(runner, keys, config_path, parallel), start=1):
        status = "ok" if outcome.ok else "FAILED"
        progress(f"[{done}/{len(keys)}] {outcome.account_id} {outcome.region}: {status} ({outcome.seconds:.1f}s)")
        summary.partitions.append(outcome)
    summary.seconds = time.monotonic() - started
    return summary
