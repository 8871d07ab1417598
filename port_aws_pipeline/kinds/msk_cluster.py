"""AWS::MSK::Cluster in aws-v3's shape: ListClusters pages, which already carry every field and the tags.

aws-v3 keeps every key of ListClusters' `ClusterInfo`, so Properties are the cluster as AWS answers it, `Tags` as
`{key: value}`. No includeActions.
"""

from port_aws_pipeline.kinds.base import ClientProvider, RawItem, ReadContext, ResourceKind, as_returned, paginate


def fetch_clusters(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    return paginate(clients.client("kafka", ctx.region), "list_clusters", "ClusterInfoList")


KIND = ResourceKind("AWS::MSK::Cluster", "kafka", fetch_clusters, as_returned, iam_actions=("kafka:ListClusters",))
