"""AWS::EKS::Cluster: ListClusters pages, DescribeCluster per cluster (EKS has no batch describe).

aws-v3's EksClusterProperties: the camelCase fields under PascalCase names, nested
values as AWS gives them, tags as an object; fields outside the model dropped.
A cluster deleted between the listing and its describe is skipped, as aws-v3 does.
"""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import pascal_fields
from port_aws_pipeline.kinds.base import per_item

GONE = {"ResourceNotFoundException", "NotFoundException"}
FIELDS = (
    "accessConfig", "arn", "certificateAuthority", "computeConfig", "createdAt", "endpoint", "identity",
    "kubernetesNetworkConfig", "logging", "name", "platformVersion", "resourcesVpcConfig", "roleArn", "status",
    "storageConfig", "tags", "upgradePolicy", "version", "zonalShiftConfig",
)  # fmt: skip

IAM_ACTIONS = ("eks:ListClusters", "eks:DescribeCluster")


def fetch_clusters(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    eks = clients.client("eks", ctx.region)
    names = paginate(eks, "list_clusters", "clusters")
    described = per_item(lambda name: eks.describe_cluster(name=name)["cluster"], names, tolerated=GONE)
    return [cluster for cluster in described if cluster is not None]


def shape_cluster(item: RawItem, ctx: ReadContext) -> Properties:
    return pascal_fields(item, FIELDS)


KIND = ResourceKind("AWS::EKS::Cluster", "eks", fetch_clusters, shape_cluster, IAM_ACTIONS)
