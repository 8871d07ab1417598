"""AWS::ECS::Service: recorded DescribeServices items, moto reads across clusters, the default mapping."""

from importlib import resources

import yaml

from port_aws_pipeline.devtools.seeding import SeedContext, account_session
from port_aws_pipeline.devtools.seeding import ecs as ecs_seeder
from port_aws_pipeline.kinds.ecs_service import KIND
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY, Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record
from tests.kinds.helpers import ACCOUNT, fixture_context, load_fixture, moto_records, shape_fixture

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
JSON_TYPES = {"string": str, "number": (int, float), "boolean": bool, "object": dict, "array": list}


def fragment() -> dict:
    return yaml.safe_load(resources.files("port_aws_pipeline.defaults").joinpath("kinds", f"{NAME}.yml").read_text())


def mapped(fixture: dict) -> list:
    """The fixture's items as the reader records them, through the default fragment's mapping."""
    ctx = fixture_context(fixture, KIND)
    mapping = Mapping(PortAppConfig.model_validate({"resources": fragment()["resources"]}))
    records = [to_record(KIND.kind, KIND.shape(item, ctx), ctx.account_id, ctx.region) for item in fixture["items"]]
    entities, errors = mapping.map_records(KIND.kind, records, "scope")
    assert errors == []
    return entities


def assert_fits_blueprint(entity) -> None:
    blueprint = fragment()["blueprints"][0]
    assert entity.blueprint == blueprint["identifier"]
    schema = blueprint["schema"]["properties"]
    for key, value in entity.properties.items():
        if key == SCOPE_PROPERTY or value is None:
            continue
        expected = JSON_TYPES[schema[key]["type"]]
        assert isinstance(value, expected) and not (expected is not bool and isinstance(value, bool)), (key, value)
    assert set(entity.relations) <= set(blueprint["relations"])


def assert_aws_v3_types(props: dict) -> None:
    """Every aws-v3 model key the item fills has the model's JSON type; no key outside the model."""
    assert set(props) <= set(AWS_V3_TYPES), set(props) - set(AWS_V3_TYPES)
    for key, expected in AWS_V3_TYPES.items():
        if props.get(key) is not None:
            value = props[key]
            assert isinstance(value, expected) and not (expected is not bool and isinstance(value, bool)), (key, value)


def test_fixture_shapes_aws_v3_service_properties():
    fixture = load_fixture(NAME)
    shaped = shape_fixture(KIND, NAME)
    assert shaped == fixture["expected"]
    web, agent = shaped
    for service in shaped:
        assert_aws_v3_types(service)  # resourceManagementType, currentServiceDeployment: not in aws-v3's model
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
    assert_aws_v3_types(props)


def test_default_mapping_relates_services_to_cluster_task_definition_and_network():
    web, agent = mapped(load_fixture(NAME))
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
        assert_fits_blueprint(entity)
