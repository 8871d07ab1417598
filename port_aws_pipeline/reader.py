"""Read the mapped kinds of one account x region, concurrently, each kind failing on its own."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from typing import Any

from port_aws_pipeline.aws.errors import describe_error
from port_aws_pipeline.kinds import ClientProvider
from port_aws_pipeline.kinds import ReadContext
from port_aws_pipeline.kinds import ResourceKind
from port_aws_pipeline.models import GLOBAL_REGION
from port_aws_pipeline.models import AwsAccount
from port_aws_pipeline.models import KindRead
from port_aws_pipeline.models import PartitionRead
from port_aws_pipeline.models import SyncError


class AccountUnavailable(Exception):
    """The account cannot be read at all (role not assumable, discovery error)."""

    def __init__(self, error: SyncError):
        super().__init__(error.line())
        self.error = error


@dataclass(frozen=True)
class KindPlan:
    """One kind to read, as the mapping asks: its includeActions and the regions its selectors allow."""

    kind: ResourceKind
    actions: frozenset[str]
    allows_region: Any  # Callable[[str], bool]


def json_safe(value: Any) -> Any:
    """Datetimes and bytes as AWS returns them, made JSON (and jq) friendly."""
    return json.loads(json.dumps(value, default=_json_default))


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        # aws-v3 writes UTC as `Z`; a naive time (some emulators) is UTC too, and Port's date-time needs a zone.
        utc = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return utc.isoformat().replace("+00:00", "Z")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return str(value)


def to_record(kind: str, properties: dict, account_id: str, region: str) -> dict:
    """The aws-v3 raw record that users' jq mappings expect, `__Region` / `__AccountId` included."""
    return {
        "Type": kind,
        "Properties": json_safe(properties),
        "__ExtraContext": {"AccountId": account_id, "Region": region},
        "__Region": region,
        "__AccountId": account_id,
    }


def read_kind(plan: KindPlan, clients: ClientProvider, ctx: ReadContext, role: str) -> KindRead:
    """fetch -> shape -> records; any error is this kind's alone and marks the read incomplete."""
    kind = plan.kind
    started = time.monotonic()
    try:
        items = kind.fetch(clients, ctx)
        records = []
        for item in items:
            region = kind.region_of(item) if kind.region_of else ctx.region
            if kind.is_global and not plan.allows_region(region):
                continue
            records.append(to_record(kind.kind, kind.shape(item, ctx), ctx.account_id, region))
    except Exception as exc:  # noqa: BLE001 - a kind's failure is recorded, never spread
        error = describe_error(exc, account_id=ctx.account_id, region=ctx.region, kind=kind.kind, role=role)
        return KindRead(kind=kind.kind, error=error, seconds=time.monotonic() - started)
    return KindRead(kind=kind.kind, records=records, seconds=time.monotonic() - started)


def read_partition(
    clients: ClientProvider,
    account: AwsAccount,
    region: str,
    plans: list[KindPlan],
    *,
    role: str,
    max_concurrent_kinds: int,
) -> PartitionRead:
    """Raw records of every planned kind for one account x region.

    A region the account (or a kind's selector) does not sync reads as complete and
    empty, so whatever was synced there before is reconciled away under the safeguards.
    """
    started = time.monotonic()
    is_global = region == GLOBAL_REGION
    plans = [p for p in plans if p.kind.is_global == is_global]
    account_syncs_region = is_global or region in account.regions
    wanted = [p for p in plans if account_syncs_region and (is_global or p.allows_region(region))]
    skipped = [KindRead(kind=p.kind.kind) for p in plans if p not in wanted]

    def read(plan: KindPlan) -> KindRead:
        ctx = ReadContext(account.id, region, account.partition, tuple(account.regions), plan.actions)
        return read_kind(plan, clients, ctx, role)

    with ThreadPoolExecutor(max_workers=max_concurrent_kinds) as pool:
        reads = list(pool.map(read, wanted))
    return PartitionRead(
        account_id=account.id, region=region, kinds=reads + skipped, seconds=time.monotonic() - started
    )


def plans_from_mapping(mapping) -> list[KindPlan]:
    """The kinds the mapping names (the account kind aside), with their selectors' actions and regions.

    Several mappings of one kind read it once: actions and allowed regions are unions.
    """
    from port_aws_pipeline.kinds import ACCOUNT_KIND
    from port_aws_pipeline.kinds import kind_for

    plans = []
    for name in sorted(mapping.kinds - {ACCOUNT_KIND}):
        kind = kind_for(name)
        if kind is None:
            continue
        selectors = mapping.selectors_for(name)
        requested = [s.include_actions for s in selectors if s.include_actions is not None]
        actions = kind.actions_for([a for r in requested for a in r] if requested else None)
        policies = [s.region_policy for s in selectors]
        plans.append(KindPlan(kind, actions, lambda region, policies=policies: any(p.allows(region) for p in policies)))
    return plans


#: The account kind's optional call (aws-v3's `ListTagsForResourceAction`; its `ListParentsAction` needs no call
#: here, discovery's OU walk already knows each account's parent).
ACCOUNT_TAGS_ACTION = "ListTagsForResourceAction"


def account_actions(mapping) -> set[str]:
    """The includeActions the mapping's `AWS::Organizations::Account` selectors ask for (none by default)."""
    from port_aws_pipeline.kinds import ACCOUNT_KIND

    return {a for s in mapping.selectors_for(ACCOUNT_KIND) for a in (s.include_actions or [])}
