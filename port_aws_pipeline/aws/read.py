"""Read every kind of one account x region, concurrently, each kind failing on its own."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from port_aws_pipeline.aws.calls import CallRecorder
from port_aws_pipeline.aws.discovery import Caller, member_clients
from port_aws_pipeline.aws.errors import assume_role_error, describe_error
from port_aws_pipeline.aws.sessions import AwsClients, member_role_arn
from port_aws_pipeline.config import AwsSettings
from port_aws_pipeline.kinds import ReadContext, ResourceKind, kinds_for_region
from port_aws_pipeline.models import GLOBAL_REGION, AwsAccount, KindRead, PartitionRead, SyncError


class AccountUnavailable(Exception):
    """The account cannot be read at all (role not assumable, discovery error)."""

    def __init__(self, error: SyncError):
        super().__init__(error.line())
        self.error = error


def json_safe(value: Any) -> Any:
    """Datetimes and bytes as AWS returns them, made JSON (and jq) friendly."""
    return json.loads(json.dumps(value, default=_json_default))


def _json_default(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def to_record(kind: str, properties: dict, account_id: str, region: str) -> dict:
    """The aws-v3 raw shape that users' jq mappings already expect."""
    own_region = properties.get("Region", region) if region == GLOBAL_REGION else region
    return {
        "Type": kind,
        "Properties": json_safe(properties),
        "__ExtraContext": {"AccountId": account_id, "Region": own_region},
    }


def read_kind(kind: ResourceKind, clients: AwsClients, ctx: ReadContext, role: str) -> KindRead:
    started = time.monotonic()
    try:
        properties = kind.read(clients, ctx)
    except Exception as exc:  # noqa: BLE001 - a kind's failure is recorded, never spread
        error = describe_error(exc, account_id=ctx.account_id, region=ctx.region, kind=kind.kind, role=role)
        return KindRead(kind=kind.kind, error=error, seconds=time.monotonic() - started)
    records = [to_record(kind.kind, p, ctx.account_id, ctx.region) for p in properties]
    return KindRead(kind=kind.kind, records=records, seconds=time.monotonic() - started)


def read_partition(
    caller: Caller,
    account: AwsAccount,
    region: str,
    settings: AwsSettings,
    *,
    selected_kinds: set[str] | None = None,
    recorder: CallRecorder | None = None,
) -> PartitionRead:
    """Raw records of every kind for one account x region.

    A region the account does not sync (disabled or denied) reads as complete and
    empty, so whatever was synced there before is reconciled away.
    """
    started = time.monotonic()
    recorder = recorder or CallRecorder()
    if account.error:
        raise AccountUnavailable(account.error)
    is_global = region == GLOBAL_REGION
    kinds = kinds_for_region(is_global, selected_kinds)
    if not is_global and region not in account.regions:
        return PartitionRead(account_id=account.id, region=region, kinds=[KindRead(kind=k.kind) for k in kinds])
    role = member_role_arn(caller.partition, account.id, settings.member_role_name)
    try:
        clients = member_clients(caller, account.id, settings, recorder)
    except Exception as exc:  # noqa: BLE001
        raise AccountUnavailable(assume_role_error(exc, account_id=account.id, role_arn=role)) from None
    ctx = ReadContext(account.id, region, caller.partition, tuple(account.regions))
    with ThreadPoolExecutor(max_workers=settings.max_concurrent_kinds) as pool:
        reads = list(pool.map(lambda k: read_kind(k, clients, ctx, role), kinds))
    return PartitionRead(
        account_id=account.id, region=region, kinds=reads,
        api_calls=dict(recorder.counts), seconds=time.monotonic() - started,
    )
