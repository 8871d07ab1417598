"""AWS::ECS::Cluster: ListClusters pages, DescribeClusters 100 at a time with tags; INACTIVE means deleted.

aws-v3's ClusterProperties: AWS's camelCase fields under PascalCase names (`settings`
becomes `ClusterSettings`), nested values and tags (`[{key, value}]`) as AWS gives them,
fields outside the model dropped.
"""

from port_aws_pipeline.kinds._ecs import active_clusters
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind

INCLUDE = ["TAGS", "ATTACHMENTS", "SETTINGS", "CONFIGURATIONS", "STATISTICS"]
#: AWS field -> aws-v3 Properties key, in aws-v3's model order.
FIELDS = {
    "clusterName": "ClusterName",
    "capacityProviders": "CapacityProviders",
    "settings": "ClusterSettings",
    "configuration": "Configuration",
    "defaultCapacityProviderStrategy": "DefaultCapacityProviderStrategy",
    "serviceConnectDefaults": "ServiceConnectDefaults",
    "tags": "Tags",
    "attachments": "Attachments",
    "attachmentsStatus": "AttachmentsStatus",
    "statistics": "Statistics",
    "status": "Status",
    "runningTasksCount": "RunningTasksCount",
    "activeServicesCount": "ActiveServicesCount",
    "pendingTasksCount": "PendingTasksCount",
    "registeredContainerInstancesCount": "RegisteredContainerInstancesCount",
    "clusterArn": "ClusterArn",
}

IAM_ACTIONS = ("ecs:ListClusters", "ecs:DescribeClusters")


def fetch_clusters(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    return active_clusters(clients.client("ecs", ctx.region), INCLUDE)


def shape_cluster(item: RawItem, ctx: ReadContext) -> Properties:
    return {key: item[field] for field, key in FIELDS.items() if field in item}


KIND = ResourceKind("AWS::ECS::Cluster", "ecs", fetch_clusters, shape_cluster, IAM_ACTIONS)
