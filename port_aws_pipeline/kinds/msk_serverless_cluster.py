"""AWS::MSK::ServerlessCluster in aws-v3's shape: ListClustersV2 pages filtered to SERVERLESS (full ClusterInfo,
tags included).

aws-v3 keeps every key under AWS's PascalCase names, so Properties are the cluster as AWS answers it, `Tags` as
`{key: value}`. No includeActions.
"""

from port_aws_pipeline.kinds.base import ClientProvider, Properties, RawItem, ReadContext, ResourceKind, paginate


def fetch_clusters(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    kafka = clients.client("kafka", ctx.region)
    return paginate(kafka, "list_clusters_v2", "ClusterInfoList", ClusterTypeFilter="SERVERLESS")


def shape_cluster(item: RawItem, ctx: ReadContext) -> Properties:
    return dict(item)


KIND = ResourceKind(
    "AWS::MSK::ServerlessCluster", "kafka", fetch_clusters, shape_cluster, iam_actions=("kafka:ListClustersV2",)
)
