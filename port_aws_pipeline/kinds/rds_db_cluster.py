"""AWS::RDS::DBCluster in aws-v3's shape.

DescribeDBClusters pages; nothing per cluster. aws-v3 keeps every key DescribeDBClusters returns, so Properties
are the cluster as AWS answers it, tags included as `TagList` `[{Key, Value}]`. The `ListTagsForResourceAction`
includeAction only re-reads that same `TagList` in aws-v3: here it is accepted and costs no call.
"""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import as_returned
from port_aws_pipeline.kinds.base import paginate

TAGS = "ListTagsForResourceAction"

IAM_ACTIONS = ("rds:DescribeDBClusters",)
OPTIONAL_ACTIONS = {TAGS: ()}


def fetch_clusters(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    return paginate(clients.client("rds", ctx.region), "describe_db_clusters", "DBClusters")


KIND = ResourceKind("AWS::RDS::DBCluster", "rds", fetch_clusters, as_returned, IAM_ACTIONS, OPTIONAL_ACTIONS)
