"""Sync a chunk of `account|region` keys in one process: read, map, write, one account at a time per worker.

Work happens once per account, not once per partition: the member role is assumed once
and its session reused by every region; Port is searched once per blueprint per account;
bulk upserts fill batches across the account's regions. Accounts run concurrently
(`aws.max_concurrent_accounts`); memory holds one account's records per worker at a time.
No Dagster here: the asset turns outcomes into per-partition events.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import as_completed
from dataclasses import dataclass
from dataclasses import field

from pydantic import BaseModel
from pydantic import Field

from port_aws_pipeline.aws.calls import CallRecorder
from port_aws_pipeline.aws.discovery import Caller
from port_aws_pipeline.aws.discovery import identify_caller
from port_aws_pipeline.aws.discovery import member_session
from port_aws_pipeline.aws.errors import assume_role_error
from port_aws_pipeline.aws.limits import CallRates
from port_aws_pipeline.aws.sessions import AwsClients
from port_aws_pipeline.aws.sessions import member_role_arn
from port_aws_pipeline.config import AppConfig
from port_aws_pipeline.failures import diagnose
from port_aws_pipeline.models import AwsAccount
from port_aws_pipeline.models import DiscoveredOrganization
from port_aws_pipeline.models import PartitionRead
from port_aws_pipeline.models import SyncError
from port_aws_pipeline.partitions import scope_regions
from port_aws_pipeline.partitions import split_partition_key
from port_aws_pipeline.port.catalog import PartitionEntities
from port_aws_pipeline.port.catalog import map_partition
from port_aws_pipeline.port.catalog import write_entities
from port_aws_pipeline.port.client import PortClient
from port_aws_pipeline.port.mapping import Mapping
from port_aws_pipeline.port.mapping import account_scope_prefix
from port_aws_pipeline.port.reconcile import ReconcileReport
from port_aws_pipeline.reader import AccountUnavailable
from port_aws_pipeline.reader import KindPlan
from port_aws_pipeline.reader import read_partition


class PartitionReport(BaseModel):
    """What one account x region sync did (per-partition metadata in Dagster, a row in the CLI)."""

    account_id: str
    region: str
    resources_read: dict[str, int] = Field(default_factory=dict)
    upserted: int = 0
    deleted: int = 0
    unchanged: int = 0
    read_errors: list[SyncError] = Field(default_factory=list)
    write_errors: list[str] = Field(default_factory=list)
    mapping_errors: list[str] = Field(default_factory=list)
    deletion_blocked: list[str] = Field(default_factory=list)
    api_calls: dict[str, int] = Field(default_factory=dict)
    #: kind -> {upserted, deleted, unchanged} (the inventory report's columns)
    by_kind: dict[str, dict[str, int]] = Field(default_factory=dict)
    relations: dict[str, list[str]] = Field(default_factory=dict)  # target blueprint -> identifiers
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.read_errors or self.write_errors or self.mapping_errors)


class KeyOutcome(BaseModel):
    key: str
    account_id: str
    region: str
    report: PartitionReport | None = None
    failure: SyncError | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None and self.report is not None and self.report.ok


@dataclass
class ChunkContext:
    """What every account of a chunk shares: config, mapping, Port client, caller identity, role sessions."""

    config: AppConfig
    mapping: Mapping
    blueprint_defs: list[dict]
    port: PortClient
    plans: list[KindPlan]
    discovered: DiscoveredOrganization
    _caller: Caller | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def caller(self, recorder: CallRecorder) -> Caller:
        """`sts:GetCallerIdentity` once per chunk (one run), not once per partition."""
        with self._lock:
            if self._caller is None:
                self._caller = identify_caller(recorder)
            return self._caller

    def account(self, account_id: str) -> AwsAccount | None:
        return self.discovered.account(account_id)


def _failed(keys: list[str], error: SyncError) -> list[KeyOutcome]:
    return [
        KeyOutcome(key=k, account_id=error.account_id, region=split_partition_key(k)[1], failure=error) for k in keys
    ]


def sync_account(ctx: ChunkContext, account_id: str, keys: list[str]) -> list[KeyOutcome]:
    """Every key of one account: one role session, one Port search per blueprint, batched writes."""
    started = time.monotonic()
    account = ctx.account(account_id)
    if account is None:
        return _failed(
            keys,
            SyncError(
                account_id=account_id,
                region="*",
                kind="discovery",
                code="AccountNotDiscovered",
                message="the account is not in the latest discovery (it left the organization or the target OUs)",
                hint="rematerialize aws_accounts, or let the sensor remove its partitions",
            ),
        )
    if account.error:
        return _failed(keys, account.error)
    aws = ctx.config.aws
    account_recorder = CallRecorder()
    caller = ctx.caller(account_recorder)
    role = member_role_arn(caller.partition, account.id, aws.member_role_name)
    try:
        session = member_session(caller, account.id, aws, account_recorder)
    except Exception as exc:  # noqa: BLE001 - this account's alone, unless it is permanent for everyone
        if diagnose(exc).permanent and not getattr(exc, "response", None):
            raise
        return _failed(keys, assume_role_error(exc, account_id=account.id, role_arn=role))

    reads: list[tuple[str, list[PartitionRead], CallRecorder]] = []
    mapped: list[list[PartitionEntities]] = []
    call_rates = CallRates(aws.calls_per_second)
    for key in keys:
        key_region = split_partition_key(key)[1]
        recorder = CallRecorder()
        clients = AwsClients(
            session=session,
            account_id=account.id,
            partition=caller.partition,
            recorder=recorder,
            call_rates=call_rates,
        )
        key_reads = []
        for region in scope_regions(key_region, account.regions):
            try:
                read = read_partition(
                    clients, account, region, ctx.plans, role=role, max_concurrent_kinds=aws.max_concurrent_kinds
                )
            except AccountUnavailable as exc:
                return _failed(keys, exc.error)
            if region in ctx.discovered.protected_regions.get(account.id, []):
                reason = (
                    f"account {account.id} stopped syncing {region}, but the region-loss safeguard keeps its "
                    "entities (safety.max_region_loss_fraction)"
                )
                read.kinds = [k.model_copy(update={"blocked": reason}) for k in read.kinds]
            key_reads.append(read)
        # Mapped as soon as read, and the raw records let go: an account's peak holds its entities, not both.
        mapped.append([map_partition(ctx.mapping, read) for read in key_reads])
        for read in key_reads:
            for kind_read in read.kinds:
                kind_read.records = []
        reads.append((key, key_reads, recorder))
    written = write_entities(
        ctx.port,
        ctx.mapping,
        [entities for key_entities in mapped for entities in key_entities],
        ctx.blueprint_defs,
        ctx.config.safety,
        account_scope_prefix(account.id),
    )
    outcomes = []
    for (key, key_reads, recorder), key_entities in zip(reads, mapped, strict=True):
        calls = dict(recorder.counts)
        if not outcomes:
            for operation, n in account_recorder.counts.items():
                calls[operation] = calls.get(operation, 0) + n
        report = _key_report(account.id, split_partition_key(key)[1], key_reads, key_entities, written)
        report.api_calls, report.seconds = calls, time.monotonic() - started
        outcomes.append(KeyOutcome(key=key, account_id=account.id, region=report.region, report=report))
    return outcomes


def _key_report(
    account_id: str, region: str, reads: list[PartitionRead], mapped: list[PartitionEntities], written: ReconcileReport
) -> PartitionReport:
    """One key's report: the sums over what it read and reconciled (its region, and `global` on a carrier key)."""
    report = PartitionReport(account_id=account_id, region=region)
    relations: dict[str, set[str]] = {}
    for read, entities in zip(reads, mapped, strict=True):
        totals = written.for_prefix(entities.scope_prefix)
        report.upserted += totals.upserted
        report.deleted += totals.deleted
        report.unchanged += totals.unchanged
        report.resources_read.update(entities.resources_read)
        report.read_errors += read.errors
        report.write_errors += totals.errors
        report.mapping_errors += [f"{e.kind} {e.identifier}: {e.message}" for e in entities.mapping_errors]
        report.deletion_blocked += totals.blocked
        for scope in entities.scopes:
            report.by_kind[scope.kind] = written.scope(scope.scope).model_dump(
                include={"upserted", "deleted", "unchanged"}
            )
            for entity in scope.entities:
                for name, value in entity.relations.items():
                    for target in value if isinstance(value, list) else [value]:
                        if target:
                            relations.setdefault(f"{entity.blueprint}.{name}", set()).add(str(target))
    report.relations = {k: sorted(v) for k, v in relations.items()}
    return report


def sync_chunk(ctx: ChunkContext, keys: list[str]) -> Iterator[KeyOutcome]:
    """Accounts of the chunk concurrently; outcomes as each account finishes."""
    by_account: dict[str, list[str]] = {}
    for key in keys:
        by_account.setdefault(split_partition_key(key)[0], []).append(key)
    workers = max(1, min(ctx.config.aws.max_concurrent_accounts, len(by_account)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [
            pool.submit(sync_account, ctx, account_id, account_keys) for account_id, account_keys in by_account.items()
        ]
        for future in as_completed(futures):
            yield from future.result()
