"""AWS::ECS::Service: ListClusters, DescribeClusters (to skip INACTIVE ones), then per cluster
ListServices pages and DescribeServices 10 at a time with tags.

aws-v3's ServiceProperties: AWS's camelCase fields under PascalCase names, nested values
and tags (`[{key, value}]`) as AWS gives them, fields outside the model dropped.
"""

from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError

from port_aws_pipeline.kinds.base import (
    ClientProvider,
    Properties,
    RawItem,
    ReadContext,
    ResourceKind,
    chunks,
    paginate,
)
from port_aws_pipeline.kinds.ecs_cluster import describe_clusters

DESCRIBE_BATCH = 10
#: A cluster deleted between the listing and its services: it has none.
GONE = {"ClusterNotFoundException"}
FIELDS = {
    name: name[:1].upper() + name[1:]
    for name in (
        "availabilityZoneRebalancing",
        "capacityProviderStrategy",
        "clusterArn",
        "createdAt",
        "createdBy",
        "deploymentConfiguration",
        "deploymentController",
        "deployments",
        "desiredCount",
        "enableECSManagedTags",
        "enableExecuteCommand",
        "events",
        "healthCheckGracePeriodSeconds",
        "launchType",
        "loadBalancers",
        "networkConfiguration",
        "pendingCount",
        "placementConstraints",
        "placementStrategy",
        "platformFamily",
        "platformVersion",
        "propagateTags",
        "roleArn",
        "runningCount",
        "schedulingStrategy",
        "serviceArn",
        "serviceName",
        "serviceRegistries",
        "status",
        "tags",
        "taskDefinition",
        "taskSets",
        "updatedAt",
    )
}


def cluster_services(ecs, cluster_arn: str) -> list[dict]:
    try:
        arns = paginate(ecs, "list_services", "serviceArns", cluster=cluster_arn)
        services: list[dict] = []
        for batch in chunks(arns, DESCRIBE_BATCH):
            answer = ecs.describe_services(cluster=cluster_arn, services=batch, include=["TAGS"])
            services += answer.get("services", [])
        return services
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in GONE:
            return []
        raise


def fetch_services(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    ecs = clients.client("ecs", ctx.region)
    clusters = describe_clusters(ecs, paginate(ecs, "list_clusters", "clusterArns"))
    active = [c["clusterArn"] for c in clusters if c.get("status") != "INACTIVE"]
    with ThreadPoolExecutor(max_workers=8) as pool:
        per_cluster = list(pool.map(lambda arn: cluster_services(ecs, arn), active))
    return [s for services in per_cluster for s in services if s.get("status") != "INACTIVE"]


def shape_service(item: RawItem, ctx: ReadContext) -> Properties:
    return {key: item[field] for field, key in FIELDS.items() if field in item}


KIND = ResourceKind(
    "AWS::ECS::Service",
    "ecs",
    fetch_services,
    shape_service,
    iam_actions=("ecs:ListClusters", "ecs:DescribeClusters", "ecs:ListServices", "ecs:DescribeServices"),
)
