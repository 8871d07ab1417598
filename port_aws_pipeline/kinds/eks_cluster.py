"""AWS::EKS::Cluster: ListClusters pages, DescribeCluster per cluster (EKS has no batch describe).

aws-v3's EksClusterProperties: the camelCase fields under PascalCase names, nested
values as AWS gives them, tags as an object; fields outside the model dropped.
A cluster deleted between the listing and its describe is skipped, as aws-v3 does.
"""

from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError

from port_aws_pipeline.kinds.base import ClientProvider, Properties, RawItem, ReadContext, ResourceKind, paginate

GONE = {"ResourceNotFoundException", "NotFoundException"}
FIELDS = {
    name: name[:1].upper() + name[1:]
    for name in (
        "accessConfig",
        "arn",
        "certificateAuthority",
        "computeConfig",
        "createdAt",
        "endpoint",
        "identity",
        "kubernetesNetworkConfig",
        "logging",
        "name",
        "platformVersion",
        "resourcesVpcConfig",
        "roleArn",
        "status",
        "storageConfig",
        "tags",
        "upgradePolicy",
        "version",
        "zonalShiftConfig",
    )
}


def describe(eks, name: str) -> dict | None:
    try:
        return eks.describe_cluster(name=name)["cluster"]
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in GONE:
            return None
        raise


def fetch_clusters(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    eks = clients.client("eks", ctx.region)
    names = paginate(eks, "list_clusters", "clusters")
    with ThreadPoolExecutor(max_workers=8) as pool:
        return [c for c in pool.map(lambda n: describe(eks, n), names) if c is not None]


def shape_cluster(item: RawItem, ctx: ReadContext) -> Properties:
    return {key: item[field] for field, key in FIELDS.items() if field in item}


KIND = ResourceKind(
    "AWS::EKS::Cluster",
    "eks",
    fetch_clusters,
    shape_cluster,
    iam_actions=("eks:ListClusters", "eks:DescribeCluster"),
)
