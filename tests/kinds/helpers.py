"""Shared by the per-kind tests: recorded fixtures, and reads against moto through the real fetch."""

from __future__ import annotations

import json
from pathlib import Path

from port_aws_pipeline.aws.sessions import AwsClients
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.kinds import ReadContext, ResourceKind
from port_aws_pipeline.reader import KindPlan, read_kind

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "kinds"
ACCOUNT = "111122223333"


def load_fixture(name: str) -> dict:
    """`tests/fixtures/kinds/<name>.json`: {"items": [raw AWS items as fetch returns them], "context": {...}}."""
    return json.loads((FIXTURES / f"{name}.json").read_text())


def fixture_context(fixture: dict, kind: ResourceKind) -> ReadContext:
    ctx = fixture.get("context", {})
    region = ctx.get("region", "us-east-1")
    return ReadContext(
        account_id=ctx.get("account_id", ACCOUNT),
        region=region,
        partition=ctx.get("partition", "aws"),
        regions=tuple(ctx.get("regions", [region])),
        actions=kind.actions_for(ctx.get("actions")),
    )


def shape_fixture(kind: ResourceKind, name: str) -> list[dict]:
    """Every recorded item through the kind's pure shape, made JSON-safe like the reader does."""
    from port_aws_pipeline.reader import json_safe

    fixture = load_fixture(name)
    ctx = fixture_context(fixture, kind)
    return [json_safe(kind.shape(item, ctx)) for item in fixture["items"]]


def moto_clients(account_id: str = ACCOUNT, region: str = "us-east-1") -> AwsClients:
    """Clients scoped to one moto account, as the pipeline's member role would be."""
    return AwsClients(session=account_session(account_id, region), account_id=account_id, partition="aws")


def moto_records(
    kind: ResourceKind,
    account_id: str = ACCOUNT,
    region: str = "us-east-1",
    actions: list[str] | None = None,
    regions: tuple[str, ...] | None = None,
) -> list[dict]:
    """The full reader path (fetch -> shape -> record) against the moto server; fails on a read error."""
    regions = regions or (region,)
    read_region = "global" if kind.is_global else region
    ctx = ReadContext(account_id, read_region, "aws", regions, kind.actions_for(actions))
    result = read_kind(
        KindPlan(kind, ctx.actions, lambda r: r in regions), moto_clients(account_id, regions[0]), ctx, "test-role"
    )
    assert result.error is None, result.error
    return result.records
