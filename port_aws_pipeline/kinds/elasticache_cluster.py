"""AWS::ElastiCache::Cluster in aws-v3's shape.

DescribeCacheClusters pages with node details (`ShowCacheNodeInfo`); nothing per cluster. The
`ListTagsForResourceAction` includeAction adds `TagList` `[{Key, Value}]` from one tagging-API listing of the region.
aws-v3 keeps every key AWS returns, so Properties are the cluster as AWS answers it.
"""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import as_returned
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import with_region_tags

TAGS = "ListTagsForResourceAction"

IAM_ACTIONS = ("elasticache:DescribeCacheClusters",)
OPTIONAL_ACTIONS = {TAGS: ("tag:GetResources",)}


def fetch_clusters(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    elasticache = clients.client("elasticache", ctx.region)
    clusters = paginate(elasticache, "describe_cache_clusters", "CacheClusters", ShowCacheNodeInfo=True)
    if TAGS in ctx.actions:
        clusters = with_region_tags(clients, ctx.region, "elasticache", clusters, "ARN", key="TagList")
    return clusters


KIND = ResourceKind(
    "AWS::ElastiCache::Cluster", "elasticache", fetch_clusters, as_returned, IAM_ACTIONS, OPTIONAL_ACTIONS
)
