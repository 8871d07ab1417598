"""Shared by the ECS kinds: the region's clusters, described 100 at a time, without the deleted (INACTIVE) ones."""

from __future__ import annotations

from port_aws_pipeline.kinds.base import batch_described
from port_aws_pipeline.kinds.base import paginate

DESCRIBE_BATCH = 100


def active_clusters(ecs, include: list[str] | None = None) -> list[dict]:
    """ListClusters, then DescribeClusters (with `include`) 100 ARNs a call; INACTIVE means deleted."""
    kwargs = {"include": include} if include else {}
    arns = {"clusters": paginate(ecs, "list_clusters", "clusterArns")}
    described = batch_described(ecs.describe_clusters, arns, DESCRIBE_BATCH, "clusters", **kwargs)
    return [c for c in described if c.get("status") != "INACTIVE"]
