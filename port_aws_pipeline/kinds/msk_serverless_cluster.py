"""AWS::MSK::ServerlessCluster in aws-v3's shape: ListClustersV2 pages filtered to SERVERLESS (full ClusterInfo,
tags included).

aws-v3 keeps every key under AWS's PascalCase names, so Properties are the cluster as AWS answers it, `Tags` as
`{key: value}`. No includeActions.
"""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import as_returned
from port_aws_pipeline.kinds.base import paginate

IAM_ACTIONS = ("kafka:ListClustersV2",)


def fetch_clusters(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    kafka = clients.client("kafka", ctx.region)
    return paginate(kafka, "list_clusters_v2", "ClusterInfoList", ClusterTypeFilter="SERVERLESS")


KIND = ResourceKind("AWS::MSK::ServerlessCluster", "kafka", fetch_clusters, as_returned, IAM_ACTIONS)
