"""AWS::MSK::Cluster in aws-v3's shape: ListClusters pages, which already carry every field and the tags.

aws-v3 keeps every key of ListClusters' `ClusterInfo`, so Properties are the cluster as AWS answers it, `Tags` as
`{key: value}`. No includeActions.
"""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import as_returned
from port_aws_pipeline.kinds.base import paginate

IAM_ACTIONS = ("kafka:ListClusters",)


def fetch_clusters(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    return paginate(clients.client("kafka", ctx.region), "list_clusters", "ClusterInfoList")


KIND = ResourceKind("AWS::MSK::Cluster", "kafka", fetch_clusters, as_returned, IAM_ACTIONS)
