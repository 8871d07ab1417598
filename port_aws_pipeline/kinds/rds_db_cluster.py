"""AWS::RDS::DBCluster in aws-v3's shape.

DescribeDBClusters pages; nothing per cluster. aws-v3 keeps every key DescribeDBClusters returns, so Properties
are the cluster as AWS answers it, tags included as `TagList` `[{Key, Value}]`. The `ListTagsForResourceAction`
includeAction only re-reads that same `TagList` in aws-v3: here it is accepted and costs no call.
"""

from port_aws_pipeline.kinds.base import ClientProvider, RawItem, ReadContext, ResourceKind, as_returned, paginate

TAGS = "ListTagsForResourceAction"


def fetch_clusters(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    return paginate(clients.client("rds", ctx.region), "describe_db_clusters", "DBClusters")


KIND = ResourceKind(
    "AWS::RDS::DBCluster",
    "rds",
    fetch_clusters,
    as_returned,
    iam_actions=("rds:DescribeDBClusters",),
    optional_actions={TAGS: ()},
)
