"""Shared by the ECS kinds: the region's clusters, described 100 at a time, without the deleted (INACTIVE) ones."""

from __future__ import annotations

from port_aws_pipeline.kinds.base import chunks, paginate

DESCRIBE_BATCH = 100


def active_clusters(ecs, include: list[str] | None = None) -> list[dict]:
    """ListClusters, then DescribeClusters (with `include`) 100 ARNs a call; INACTIVE means deleted."""
    described: list[dict] = []
    for batch in chunks(paginate(ecs, "list_clusters", "clusterArns"), DESCRIBE_BATCH):
        kwargs = {"include": include} if include else {}
        described += ecs.describe_clusters(clusters=batch, **kwargs).get("clusters", [])
    return [c for c in described if c.get("status") != "INACTIVE"]
