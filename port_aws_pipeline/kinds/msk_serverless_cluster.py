"""AWS::MSK::ServerlessCluster in aws-v3's shape: ListClustersV2 pages filtered to SERVERLESS (full ClusterInfo,
tags included).

aws-v3 keeps every key under AWS's PascalCase names, so Properties are the cluster as AWS answers it, `Tags` as
`{key: value}`. No includeActions.
"""

from port_aws_pipeline.kinds.base import ClientProvider, RawItem, ReadContext, ResourceKind, as_returned, paginate


def fetch_clusters(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    kafka = clients.client("kafka", ctx.region)
    return paginate(kafka, "list_clusters_v2", "ClusterInfoList", ClusterTypeFilter="SERVERLESS")


KIND = ResourceKind(
    "AWS::MSK::ServerlessCluster", "kafka", fetch_clusters, as_returned, iam_actions=("kafka:ListClustersV2",)
)
