"""What doctor gathers, lazily and once, so any subset of checks can run in any order.

Caller, Organizations, the member role in every account, regions and sample reads all go
through the pipeline's own helpers (`aws.discovery`, `aws.sessions`, `aws.regions`,
`reader`), attached to one `CallRecorder`, so the read-only guard and the test hooks
apply here too. The Dagster run history is read through the public instance API only.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

import boto3

from port_aws_pipeline.aws.calls import CallRecorder
from port_aws_pipeline.aws.discovery import Caller
from port_aws_pipeline.aws.discovery import identify_caller
from port_aws_pipeline.aws.discovery import list_candidate_accounts
from port_aws_pipeline.aws.discovery import member_clients
from port_aws_pipeline.aws.errors import assume_role_error
from port_aws_pipeline.aws.errors import describe_error
from port_aws_pipeline.aws.regions import apply_region_policy
from port_aws_pipeline.aws.regions import enabled_regions
from port_aws_pipeline.aws.regions import home_region
from port_aws_pipeline.aws.sessions import CLIENT_CONFIG
from port_aws_pipeline.aws.sessions import AwsClients
from port_aws_pipeline.aws.sessions import assume_role_session
from port_aws_pipeline.aws.sessions import member_role_arn
from port_aws_pipeline.config import AppConfig
from port_aws_pipeline.config import AwsSettings
from port_aws_pipeline.doctor.report import AccountRow
from port_aws_pipeline.doctor.report import ReadResult
from port_aws_pipeline.failures import diagnose
from port_aws_pipeline.kinds import ReadContext
from port_aws_pipeline.models import GLOBAL_REGION
from port_aws_pipeline.models import AwsAccount
from port_aws_pipeline.models import SyncError
from port_aws_pipeline.port.client import PortClient
from port_aws_pipeline.reader import KindPlan
from port_aws_pipeline.reader import read_kind

if TYPE_CHECKING:
    import dagster as dg

#: Assets whose materializations carry `deletion_blocked` (a string or a JSON list of lines).
HISTORY_ASSETS = ("aws_accounts", "port_accounts", "port_upserts")
HISTORY_PAGE = 1000
#: Newest materializations read per asset; enough for the latest run of thousands of partitions.
MAX_HISTORY_RECORDS = 5000


@dataclass
class AccountProbe:
    """What doctor learned about one account; `clients` is None when the member role failed."""

    account: AwsAccount
    role_arn: str
    clients: AwsClients | None = None
    error: SyncError | None = None
    enabled: list[str] | None = None
    synced: list[str] | None = None
    regions_error: SyncError | None = None
    reads: list[ReadResult] = field(default_factory=list)

    def row(self) -> AccountRow:
        return AccountRow(
            account_id=self.account.id,
            name=self.account.name,
            ou_path=self.account.ou_path,
            member_role="fail" if self.error else "ok",
            error_code=self.error.code if self.error else None,
            error_message=self.error.message if self.error else None,
            enabled_regions=self.enabled,
            synced_regions=self.synced,
            reads=self.reads,
        )


@dataclass
class Facts:
    """Computed on first use; a failure raises from the accessor, and the check that asked reports it."""

    config: AppConfig
    plans: list[KindPlan] = field(default_factory=list)  # the kinds the configured mapping reads
    blueprints: list[dict] = field(default_factory=list)  # the blueprint definitions a sync ensures
    managed_blueprints: list[str] = field(default_factory=list)  # the blueprints the mapping writes entities to
    recorder: CallRecorder = field(default_factory=CallRecorder)
    probes: list[AccountProbe] | None = None
    suspended: list[AwsAccount] = field(default_factory=list)
    source: str = ""
    _caller: Caller | None = None
    _org_session: boto3.Session | None = None
    _org_client: object = None
    _port: PortClient | None = None

    @property
    def settings(self) -> AwsSettings:
        return self.config.aws

    def caller(self) -> Caller:
        if self._caller is None:
            self._caller = identify_caller(self.recorder)
        return self._caller

    def organizations_session(self) -> boto3.Session:
        """The organization role's session when one is configured, else the caller's."""
        if self._org_session is None:
            arn = self.settings.organization_role_arn
            self._org_session = (
                assume_role_session(
                    self.caller().session,
                    arn,
                    external_id=self.settings.external_id,
                    session_name=self.settings.role_session_name,
                    recorder=self.recorder,
                )
                if arn
                else self.caller().session
            )
        return self._org_session

    def organizations(self):
        """An Organizations client like discovery's, attached to the recorder (guard + hooks)."""
        if self._org_client is None:
            client = self.organizations_session().client(
                "organizations", region_name=home_region(self.caller().partition), config=CLIENT_CONFIG
            )
            self.recorder.attach(client)
            self._org_client = client
        return self._org_client

    def port(self) -> PortClient:
        """A Port client that gives up after one retry: doctor diagnoses, it does not wait out outages."""
        if self._port is None:
            settings = self.config.port
            self._port = PortClient(settings.model_copy(update={"max_retries": min(settings.max_retries, 1)}))
        return self._port

    # --- accounts -------------------------------------------------------------------------

    def reachable(self) -> list[AccountProbe]:
        return [p for p in self.probes or [] if p.clients]

    def probe_accounts(self) -> list[AccountProbe]:
        """Discovery's account list, then the member role in every ACTIVE account (bounded concurrency)."""
        if self.probes is None:
            self.source, candidates = list_candidate_accounts(self.caller(), self.settings, self.recorder)
            active = [a for a in candidates if a.status == "ACTIVE"]
            self.suspended = [a for a in candidates if a.status != "ACTIVE"]
            with ThreadPoolExecutor(max_workers=self.settings.max_concurrent_accounts) as pool:
                self.probes = sorted(pool.map(self._assume, active), key=lambda p: p.account.id)
        return self.probes

    def _assume(self, account: AwsAccount) -> AccountProbe:
        caller = self.caller()
        probe = AccountProbe(account, member_role_arn(caller.partition, account.id, self.settings.member_role_name))
        try:
            probe.clients = member_clients(caller, account.id, self.settings, self.recorder)
        except Exception as exc:  # noqa: BLE001 - one account's failure is reported, never spread
            probe.error = assume_role_error(exc, account_id=account.id, role_arn=probe.role_arn)
            probe.error.hint = probe.error.hint or diagnose(exc).fix
        return probe

    def resolve_regions(self) -> list[AccountProbe]:
        """Enabled regions (and what region_policy leaves of them) of every reachable account, once."""
        pending = [p for p in self.reachable() if p.enabled is None and p.regions_error is None]
        with ThreadPoolExecutor(max_workers=self.settings.max_concurrent_accounts) as pool:
            list(pool.map(self._regions_of, pending))
        return self.reachable()

    def _regions_of(self, probe: AccountProbe) -> None:
        try:
            probe.enabled = enabled_regions(probe.clients)
        except Exception as exc:  # noqa: BLE001
            probe.regions_error = describe_error(
                exc, account_id=probe.account.id, region="*", kind="account:ListRegions", role=probe.role_arn
            )
            probe.regions_error.hint = probe.regions_error.hint or diagnose(exc).fix
            return
        probe.synced = apply_region_policy(probe.enabled, self.settings.region_policy)

    # --- sample reads ---------------------------------------------------------------------

    def sample_jobs(self) -> list[tuple[AccountProbe, KindPlan, ReadContext]]:
        """One read per mapped kind per account: the first synced region the kind's selectors allow,
        or `global` for global kinds. Kinds the mapping does not name are never read."""
        partition = self.caller().partition
        jobs = []
        for probe in self.resolve_regions():
            if probe.synced is None:
                continue
            regions = tuple(probe.synced)
            for plan in self.plans:
                region = GLOBAL_REGION if plan.kind.is_global else next(filter(plan.allows_region, regions), None)
                if region:
                    jobs.append((probe, plan, ReadContext(probe.account.id, region, partition, regions, plan.actions)))
        return jobs

    def run_sample_reads(self) -> list[tuple[AccountProbe, ReadResult]]:
        """The reads, at most `max_concurrent_accounts` at once; each result is also kept on its account."""
        jobs = self.sample_jobs()
        with ThreadPoolExecutor(max_workers=self.settings.max_concurrent_accounts) as pool:
            results = list(pool.map(lambda job: _sample_read(*job), jobs))
        for (probe, _, _), read in zip(jobs, results, strict=True):
            probe.reads.append(read)
        return [(probe, read) for (probe, _, _), read in zip(jobs, results, strict=True)]


def _sample_read(probe: AccountProbe, plan: KindPlan, ctx: ReadContext) -> ReadResult:
    read = read_kind(plan, probe.clients, ctx, probe.role_arn)
    if read.error:
        error = read.error
        return ReadResult(
            kind=plan.kind.kind, region=ctx.region, code=error.code, message=error.message, hint=error.hint
        )
    return ReadResult(kind=plan.kind.kind, region=ctx.region, count=len(read.records))


# --- the Dagster run history ----------------------------------------------------------------


@dataclass
class BlockedDeletion:
    asset: str
    partition: str | None
    line: str
    run_id: str
    timestamp: float


@dataclass
class RunHistory:
    """The `deletion_blocked` metadata of each asset partition's latest materialization."""

    home: str | None
    unavailable: str | None = None  # why nothing could be read
    partitions: dict[str, int] = field(default_factory=dict)  # asset -> partitions with a materialization
    blocked: list[BlockedDeletion] = field(default_factory=list)
    newest: float | None = None


def read_run_history() -> RunHistory:
    """The instance at DAGSTER_HOME (sqlite or PostgreSQL per its dagster.yaml), never created here."""
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        return RunHistory(None, "DAGSTER_HOME is not set, so there is no Dagster instance to read runs from")
    path = Path(home)
    if not path.is_dir():
        return RunHistory(home, f"DAGSTER_HOME={home} does not exist")
    if not any((path / name).exists() for name in ("dagster.yaml", "history", "storage")):
        return RunHistory(home, f"no Dagster instance at DAGSTER_HOME={home} (no dagster.yaml, no run storage)")
    import dagster as dg  # here: importing Dagster costs a second every other check does not need

    try:
        with dg.DagsterInstance.get() as instance:
            return _history(instance, home)
    except Exception as exc:  # noqa: BLE001 - a broken instance is reported, not raised
        return RunHistory(home, f"cannot read the Dagster instance at {home}: {type(exc).__name__}: {exc}")


def _history(instance: dg.DagsterInstance, home: str) -> RunHistory:
    history = RunHistory(home)
    for asset in HISTORY_ASSETS:
        latest = _latest_by_partition(instance, asset)
        if latest:
            history.partitions[asset] = len(latest)
        for partition, record in sorted(latest.items(), key=lambda item: str(item[0])):
            history.newest = max(history.newest or 0.0, record.timestamp)
            metadata = record.asset_materialization.metadata
            for line in blocked_lines(metadata.get("deletion_blocked")):
                history.blocked.append(BlockedDeletion(asset, partition, line, record.run_id, record.timestamp))
    return history


def _latest_by_partition(instance: dg.DagsterInstance, asset: str) -> dict:
    """Newest first, so the first record seen of each partition is its latest."""
    import dagster as dg

    latest: dict = {}
    cursor, read = None, 0
    while read < MAX_HISTORY_RECORDS:
        page = instance.fetch_materializations(dg.AssetKey(asset), limit=HISTORY_PAGE, cursor=cursor)
        for record in page.records:
            if record.asset_materialization is not None:
                latest.setdefault(record.asset_materialization.partition, record)
        read += len(page.records)
        if not page.has_more or not page.records:
            break
        cursor = page.cursor
    return latest


def blocked_lines(value) -> list[str]:
    """`deletion_blocked` as lines, whether stored as text (one line each) or a JSON list."""
    raw = getattr(value, "value", value)
    if isinstance(raw, str):
        return [line for line in raw.splitlines() if line.strip()]
    if isinstance(raw, (list, tuple)):
        return [str(item) for item in raw if item]
    return []
