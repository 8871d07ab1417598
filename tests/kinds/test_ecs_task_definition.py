"""AWS::ECS::TaskDefinition: recorded DescribeTaskDefinition answers, moto reads (ACTIVE only), the mapping."""

from importlib import resources

import pytest
import yaml
from botocore.exceptions import ClientError

from port_aws_pipeline.devtools.seeding import SeedContext, account_session
from port_aws_pipeline.devtools.seeding import ecs as ecs_seeder
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.ecs_task_definition import KIND
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY, Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record
from tests.kinds.helpers import ACCOUNT, fixture_context, load_fixture, moto_clients, moto_records, shape_fixture

NAME = "ecs_task_definition"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "test"}]
#: aws-v3's TaskDefinitionProperties, by alias (its dump's keys).
AWS_V3_TYPES = {
    "TaskDefinitionArn": str, "Family": str, "Revision": int, "Status": str, "ContainerDefinitions": list, "Cpu": str,
    "Memory": str, "NetworkMode": str, "RequiresCompatibilities": list, "TaskRoleArn": str, "ExecutionRoleArn": str,
    "Volumes": list, "PlacementConstraints": list, "Tags": list, "RegisteredAt": str,
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


class Denying:
    """moto clients whose DescribeTaskDefinition fails with `code` for the ARNs in `arns`."""

    def __init__(self, clients, arns, code):
        self.account_id, self.partition = clients.account_id, clients.partition
        self._clients, self._arns, self._code = clients, arns, code

    def client(self, service, region):
        ecs, denying = self._clients.client(service, region), self

        class Client:
            def __getattr__(self, name):
                return getattr(ecs, name)

            def describe_task_definition(self, **kwargs):
                if kwargs["taskDefinition"] in denying._arns:
                    raise ClientError(
                        {"Error": {"Code": denying._code, "Message": "injected"}}, "DescribeTaskDefinition"
                    )
                return ecs.describe_task_definition(**kwargs)

        return Client()


def test_fixture_shapes_aws_v3_task_definition_properties():
    fixture = load_fixture(NAME)
    shaped = shape_fixture(KIND, NAME)
    assert shaped == fixture["expected"]
    web, agent, unreadable = shaped
    for definition in shaped:
        assert_aws_v3_types(definition)  # compatibilities, runtimePlatform, registeredBy: not in aws-v3's model
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
    assert_aws_v3_types(props)


def test_one_unreadable_task_definition_keeps_its_arn_and_other_errors_fail_the_kind(aws):
    session = account_session(ACCOUNT, REGION)
    ecs_seeder.seed(SeedContext(session, ACCOUNT, REGION, "t", 2, TAGS))
    denied = f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/t-task-1:1"
    ctx = ReadContext(ACCOUNT, REGION, "aws", (REGION,))
    clients = moto_clients(region=REGION)
    shaped = [KIND.shape(i, ctx) for i in KIND.fetch(Denying(clients, {denied}, "AccessDeniedException"), ctx)]
    assert shaped[1] == {"TaskDefinitionArn": denied} and shaped[0]["Family"] == "t-task-0"
    with pytest.raises(ClientError, match="ThrottlingException"):
        KIND.fetch(Denying(clients, {denied}, "ThrottlingException"), ctx)


def test_default_mapping_builds_task_definition_entities():
    web, agent, unreadable = mapped(load_fixture(NAME))
    assert web.identifier == f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/web:42" and web.title == "web:42"
    assert web.properties["containerImages"] == [f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/web:1.8.2"]
    assert web.properties["revision"] == 42 and web.properties["requiresCompatibilities"] == ["FARGATE"]
    assert web.properties["tags"] == {"team": "platform"} and agent.properties["tags"] == {}
    assert web.properties["registeredAt"] == "2024-05-02T10:14:12.602000+00:00"
    assert unreadable.title == "legacy:1" and unreadable.properties["containerImages"] == []
    for entity in (web, agent, unreadable):
        assert entity.relations == {"account": ACCOUNT}
        assert_fits_blueprint(entity)
