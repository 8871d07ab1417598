"""AWS::ECS::Cluster: ListClusters pages, DescribeClusters 100 at a time with tags; INACTIVE means deleted."""

from port_aws_pipeline.kinds.base import Properties, ReadContext, ResourceKind, paginate

DESCRIBE_BATCH = 100


def read_clusters(clients, ctx: ReadContext) -> list[Properties]:
    ecs = clients.client("ecs", ctx.region)
    arns = paginate(ecs, "list_clusters", "clusterArns")
    clusters: list[dict] = []
    for start in range(0, len(arns), DESCRIBE_BATCH):
        response = ecs.describe_clusters(clusters=arns[start : start + DESCRIBE_BATCH], include=["TAGS", "SETTINGS", "STATISTICS"])
        clusters += response.get("clusters", [])
    return [_pascal_case_cluster(c) for c in clusters if c.get("status") != "INACTIVE"]


def _pascal_case_cluster(cluster: dict) -> Properties:
    """ECS answers in camelCase; the aws-v3 records (and users' mappings) use PascalCase."""
    props = {key[0].upper() + key[1:]: value for key, value in cluster.items()}
    props["Arn"] = cluster["clusterArn"]
    props["Tags"] = [{"Key": t["key"], "Value": t.get("value", "")} for t in cluster.get("tags", [])]
    return props


KIND = ResourceKind("AWS::ECS::Cluster", "ecs", read_clusters)
