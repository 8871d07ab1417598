"""AWS::ECS::Service: recorded DescribeServices items, moto reads across clusters, the default mapping."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import ecs as ecs_seeder
from port_aws_pipeline.kinds.ecs_service import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import assert_fits_blueprint
from tests.kinds.helpers import assert_types
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import fragment
from tests.kinds.helpers import mapped
from tests.kinds.helpers import moto_records

NAME = "ecs_service"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "test"}]
#: aws-v3's ServiceProperties, by alias (its dump's keys).
AWS_V3_TYPES = {
    "AvailabilityZoneRebalancing": str, "CapacityProviderStrategy": list, "ClusterArn": str, "CreatedAt": str,
    "CreatedBy": str, "DeploymentConfiguration": dict, "DeploymentController": dict, "Deployments": list,
    "DesiredCount": int, "EnableECSManagedTags": bool, "EnableExecuteCommand": bool, "Events": list,
    "HealthCheckGracePeriodSeconds": int, "LaunchType": str, "LoadBalancers": list, "NetworkConfiguration": dict,
    "PendingCount": int, "PlacementConstraints": list, "PlacementStrategy": list, "PlatformFamily": str,
    "PlatformVersion": str, "PropagateTags": str, "RoleArn": str, "RunningCount": int, "SchedulingStrategy": str,
    "ServiceArn": str, "ServiceName": str, "ServiceRegistries": list, "Status": str, "Tags": list,
    "TaskDefinition": str, "TaskSets": list, "UpdatedAt": str,
}  # fmt: skip


def test_fixture_shapes_aws_v3_service_properties():
    # resourceManagementType, currentServiceDeployment: not in aws-v3's model
    shaped = fixture_shapes(KIND, NAME, types=AWS_V3_TYPES)
    web, agent = shaped
    assert web["ServiceArn"] == f"arn:aws:ecs:{REGION}:{ACCOUNT}:service/prod/web" and web["DesiredCount"] == 3
    assert web["Tags"] == [{"key": "team", "value": "platform"}, {"key": "service", "value": "web"}]
    assert web["NetworkConfiguration"]["awsvpcConfiguration"]["assignPublicIp"] == "DISABLED"
    assert web["Deployments"][0]["rolloutState"] == "COMPLETED" and web["EnableECSManagedTags"] is True
    assert web["CreatedAt"] == "2023-01-10T09:00:00.000000+00:00" and web["HealthCheckGracePeriodSeconds"] == 60
    assert "Tags" not in agent and "NetworkConfiguration" not in agent and agent["SchedulingStrategy"] == "DAEMON"


def test_moto_reads_services_of_active_clusters_only(aws):
    session = account_session(ACCOUNT, REGION)
    ecs_seeder.seed(SeedContext(session, ACCOUNT, REGION, "t", 2, TAGS))
    session.client("ecs").delete_cluster(cluster="t-cluster-1")  # moto keeps its services; AWS would refuse
    records = moto_records(KIND, region=REGION)
    assert [r["Properties"]["ServiceName"] for r in records] == ["t-service-0"]
    record = records[0]
    props = record["Properties"]
    assert record["Type"] == "AWS::ECS::Service" and record["__Region"] == REGION and record["__AccountId"] == ACCOUNT
    assert props["ClusterArn"] == f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/t-cluster-0"
    assert props["TaskDefinition"] == f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/t-task-0:1"
    assert props["Tags"] == [{"key": "team", "value": "platform"}, {"key": "env", "value": "test"}]
    assert len(props["NetworkConfiguration"]["awsvpcConfiguration"]["subnets"]) == 2
    assert props["DesiredCount"] == 1 and props["LaunchType"] == "FARGATE"
    assert_types(props, AWS_V3_TYPES)


def test_default_mapping_relates_services_to_cluster_task_definition_and_network():
    web, agent = mapped(KIND, NAME)
    prefix = f"arn:aws:ecs:{REGION}:{ACCOUNT}"
    assert web.identifier == f"{prefix}:service/prod/web" and web.title == "web" and web.blueprint == "awsEcsService"
    assert web.relations == {
        "account": ACCOUNT,
        "cluster": f"{prefix}:cluster/prod",
        "taskDefinition": f"{prefix}:task-definition/web:42",
        "subnets": ["subnet-0aaa1111bbbb2222c", "subnet-0bbb2222cccc3333d"],
        "securityGroups": ["sg-0web0000000000001"],
    }
    assert agent.relations["subnets"] == [] and agent.relations["securityGroups"] == []
    assert web.properties["tags"] == {"team": "platform", "service": "web"} and agent.properties["tags"] == {}
    assert web.properties["desiredCount"] == 3 and web.properties["assignPublicIp"] == "DISABLED"
    assert agent.properties["status"] == "DRAINING" and agent.properties["region"] == REGION
    for entity in (web, agent):
        assert_fits_blueprint(entity, fragment(NAME)["blueprints"][0])
