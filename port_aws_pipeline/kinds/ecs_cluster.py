"""AWS::ECS::Cluster: ListClusters pages, DescribeClusters 100 at a time with tags; INACTIVE means deleted."""

from port_aws_pipeline.kinds.base import ClientProvider, Properties, RawItem, ReadContext, ResourceKind, chunks, paginate, pascal_case

DESCRIBE_BATCH = 100


def fetch_clusters(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    ecs = clients.client("ecs", ctx.region)
    clusters: list[dict] = []
    for batch in chunks(paginate(ecs, "list_clusters", "clusterArns"), DESCRIBE_BATCH):
        clusters += ecs.describe_clusters(clusters=batch, include=["TAGS", "SETTINGS", "STATISTICS"]).get("clusters", [])
    return [c for c in clusters if c.get("status") != "INACTIVE"]


def shape_cluster(item: RawItem, ctx: ReadContext) -> Properties:
    props = {key[0].upper() + key[1:]: value for key, value in item.items()}
    props["Arn"] = item["clusterArn"]
    props["Tags"] = [{"Key": t["key"], "Value": t.get("value", "")} for t in item.get("tags", [])]
    return props


KIND = ResourceKind("AWS::ECS::Cluster", "ecs", fetch_clusters, shape_cluster, iam_actions=("ecs:ListClusters", "ecs:DescribeClusters"))
