"""AWS::ElastiCache::Cluster in aws-v3's shape.

DescribeCacheClusters pages with node details (`ShowCacheNodeInfo`); nothing per cluster. The
`ListTagsForResourceAction` includeAction adds `TagList` `[{Key, Value}]` from one tagging-API listing of the region.
aws-v3 keeps every key AWS returns, so Properties are the cluster as AWS answers it.
"""

from port_aws_pipeline.kinds.base import (
    ClientProvider,
    RawItem,
    ReadContext,
    ResourceKind,
    as_returned,
    paginate,
    with_region_tags,
)

TAGS = "ListTagsForResourceAction"


def fetch_clusters(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    elasticache = clients.client("elasticache", ctx.region)
    clusters = paginate(elasticache, "describe_cache_clusters", "CacheClusters", ShowCacheNodeInfo=True)
    if TAGS in ctx.actions:
        clusters = with_region_tags(clients, ctx.region, "elasticache", clusters, "ARN", key="TagList")
    return clusters


KIND = ResourceKind(
    "AWS::ElastiCache::Cluster",
    "elasticache",
    fetch_clusters,
    as_returned,
    iam_actions=("elasticache:DescribeCacheClusters",),
    optional_actions={TAGS: ("tag:GetResources",)},
)
