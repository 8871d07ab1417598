"""AWS::ElastiCache::Cluster in aws-v3's shape.

DescribeCacheClusters pages with node details (`ShowCacheNodeInfo`); nothing per cluster. The
`ListTagsForResourceAction` includeAction adds `TagList` `[{Key, Value}]` from one tagging-API listing of the region.
aws-v3 keeps every key AWS returns, so Properties are the cluster as AWS answers it.
"""

from port_aws_pipeline.kinds.base import (
    ClientProvider,
    Properties,
    RawItem,
    ReadContext,
    ResourceKind,
    paginate,
    tags_by_arn,
)

TAGS = "ListTagsForResourceAction"


def fetch_clusters(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    elasticache = clients.client("elasticache", ctx.region)
    clusters = paginate(elasticache, "describe_cache_clusters", "CacheClusters", ShowCacheNodeInfo=True)
    if clusters and TAGS in ctx.actions:
        tags = tags_by_arn(clients, ctx.region, "elasticache")
        clusters = [{**cluster, "TagList": tags.get(cluster["ARN"], [])} for cluster in clusters]
    return clusters


def shape_cluster(item: RawItem, ctx: ReadContext) -> Properties:
    return dict(item)


KIND = ResourceKind(
    "AWS::ElastiCache::Cluster",
    "elasticache",
    fetch_clusters,
    shape_cluster,
    iam_actions=("elasticache:DescribeCacheClusters",),
    optional_actions={TAGS: ("tag:GetResources",)},
)
