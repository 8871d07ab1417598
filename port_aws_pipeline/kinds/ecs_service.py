"""AWS::ECS::Service: ListClusters, DescribeClusters (to skip INACTIVE ones), then per cluster
ListServices pages and DescribeServices 10 at a time with tags.

aws-v3's ServiceProperties: AWS's camelCase fields under PascalCase names, nested values
and tags (`[{key, value}]`) as AWS gives them, fields outside the model dropped.
"""

from port_aws_pipeline.kinds._ecs import active_clusters
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import batch_described
from port_aws_pipeline.kinds.base import children_per_item
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import pascal_fields

DESCRIBE_BATCH = 10
#: A cluster deleted between the listing and its services: it has none.
GONE = {"ClusterNotFoundException"}
FIELDS = (
    "availabilityZoneRebalancing", "capacityProviderStrategy", "clusterArn", "createdAt", "createdBy",
    "deploymentConfiguration", "deploymentController", "deployments", "desiredCount", "enableECSManagedTags",
    "enableExecuteCommand", "events", "healthCheckGracePeriodSeconds", "launchType", "loadBalancers",
    "networkConfiguration", "pendingCount", "placementConstraints", "placementStrategy", "platformFamily",
    "platformVersion", "propagateTags", "roleArn", "runningCount", "schedulingStrategy", "serviceArn", "serviceName",
    "serviceRegistries", "status", "tags", "taskDefinition", "taskSets", "updatedAt",
)  # fmt: skip

IAM_ACTIONS = ("ecs:ListClusters", "ecs:DescribeClusters", "ecs:ListServices", "ecs:DescribeServices")


def cluster_services(ecs, cluster_arn: str) -> list[dict]:
    arns = paginate(ecs, "list_services", "serviceArns", cluster=cluster_arn)
    services = {"services": arns}
    return batch_described(
        ecs.describe_services, services, DESCRIBE_BATCH, "services", cluster=cluster_arn, include=["TAGS"]
    )


def fetch_services(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    ecs = clients.client("ecs", ctx.region)
    active = [c["clusterArn"] for c in active_clusters(ecs)]
    services = children_per_item(lambda arn: cluster_services(ecs, arn), active, tolerated=GONE)
    return [s for s in services if s.get("status") != "INACTIVE"]


def shape_service(item: RawItem, ctx: ReadContext) -> Properties:
    return pascal_fields(item, FIELDS)


KIND = ResourceKind("AWS::ECS::Service", "ecs", fetch_services, shape_service, IAM_ACTIONS)
