"""AWS::ECS::TaskDefinition: recorded DescribeTaskDefinition answers, moto reads (ACTIVE only), the mapping."""

import pytest
from botocore.exceptions import ClientError

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import ecs as ecs_seeder
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.ecs_task_definition import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import Intercepted
from tests.kinds.helpers import assert_fits_blueprint
from tests.kinds.helpers import assert_types
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import fragment
from tests.kinds.helpers import mapped
from tests.kinds.helpers import moto_clients
from tests.kinds.helpers import moto_records

NAME = "ecs_task_definition"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "test"}]
#: aws-v3's TaskDefinitionProperties, by alias (its dump's keys).
AWS_V3_TYPES = {
    "TaskDefinitionArn": str, "Family": str, "Revision": int, "Status": str, "ContainerDefinitions": list, "Cpu": str,
    "Memory": str, "NetworkMode": str, "RequiresCompatibilities": list, "TaskRoleArn": str, "ExecutionRoleArn": str,
    "Volumes": list, "PlacementConstraints": list, "Tags": list, "RegisteredAt": str,
}  # fmt: skip


def test_fixture_shapes_aws_v3_task_definition_properties():
    # compatibilities, runtimePlatform, registeredBy: not in aws-v3's model
    shaped = fixture_shapes(KIND, NAME, types=AWS_V3_TYPES)
    web, agent, unreadable = shaped
    assert web["TaskDefinitionArn"] == f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/web:42"
    assert web["Revision"] == 42 and web["Cpu"] == "512" and web["Memory"] == "1024"  # AWS's own string units
    assert web["Tags"] == [{"key": "team", "value": "platform"}]  # [{key, value}] as ECS gives them
    assert web["ContainerDefinitions"][0]["portMappings"][0]["containerPort"] == 8080
    assert agent["Tags"] == [] and "Cpu" not in agent and agent["Volumes"][0]["name"] == "docker_sock"
    assert unreadable == {"TaskDefinitionArn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/legacy:1"}


def test_moto_reads_active_task_definitions_with_tags(aws):
    session = account_session(ACCOUNT, REGION)
    ecs_seeder.seed(SeedContext(session, ACCOUNT, REGION, "t", 2, TAGS))
    session.client("ecs").deregister_task_definition(taskDefinition="t-task-1:1")
    records = moto_records(KIND, region=REGION)
    assert [r["Properties"]["Family"] for r in records] == ["t-task-0"]
    record = records[0]
    props = record["Properties"]
    assert record["Type"] == "AWS::ECS::TaskDefinition" and record["__Region"] == REGION
    assert props["TaskDefinitionArn"] == f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/t-task-0:1"
    assert props["Revision"] == 1 and props["Status"] == "ACTIVE" and props["RequiresCompatibilities"] == ["FARGATE"]
    assert props["Tags"] == [{"key": "team", "value": "platform"}, {"key": "env", "value": "test"}]
    assert props["ContainerDefinitions"][0]["image"] == "public.ecr.aws/nginx/nginx:1.27"
    assert_types(props, AWS_V3_TYPES)


def test_one_unreadable_task_definition_keeps_its_arn_and_other_errors_fail_the_kind(aws):
    session = account_session(ACCOUNT, REGION)
    ecs_seeder.seed(SeedContext(session, ACCOUNT, REGION, "t", 2, TAGS))
    denied = f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/t-task-1:1"
    ctx = ReadContext(ACCOUNT, REGION, "aws", (REGION,))
    clients = moto_clients(region=REGION)

    def failing(code: str):
        """DescribeTaskDefinition of the denied ARN fails with `code`."""
        return lambda method, kwargs: (
            code if method == "describe_task_definition" and kwargs["taskDefinition"] == denied else None
        )

    shaped = [KIND.shape(i, ctx) for i in KIND.fetch(Intercepted(clients, failing("AccessDeniedException")), ctx)]
    assert shaped[1] == {"TaskDefinitionArn": denied} and shaped[0]["Family"] == "t-task-0"
    with pytest.raises(ClientError, match="ThrottlingException"):
        KIND.fetch(Intercepted(clients, failing("ThrottlingException")), ctx)


def test_default_mapping_builds_task_definition_entities():
    web, agent, unreadable = mapped(KIND, NAME)
    assert web.identifier == f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/web:42" and web.title == "web:42"
    assert web.properties["containerImages"] == [f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/web:1.8.2"]
    assert web.properties["revision"] == 42 and web.properties["requiresCompatibilities"] == ["FARGATE"]
    assert web.properties["tags"] == {"team": "platform"} and agent.properties["tags"] == {}
    assert web.properties["registeredAt"] == "2024-05-02T10:14:12.602000+00:00"
    assert unreadable.title == "legacy:1" and unreadable.properties["containerImages"] == []
    for entity in (web, agent, unreadable):
        assert entity.relations == {"account": ACCOUNT}
        assert_fits_blueprint(entity, fragment(NAME)["blueprints"][0])
