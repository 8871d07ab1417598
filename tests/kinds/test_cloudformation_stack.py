"""AWS::CloudFormation::Stack: recorded DescribeStacks items (a nested stack included), a moto read, the mapping."""

from importlib import resources

import yaml

from port_aws_pipeline.devtools.seeding import SeedContext, account_session, cloudformation
from port_aws_pipeline.kinds.cloudformation_stack import KIND
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY, Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record
from tests.kinds.helpers import ACCOUNT, fixture_context, load_fixture, moto_records, shape_fixture

NAME = "cloudformation_stack"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}]
JSON_TYPES = {"string": str, "number": (int, float), "boolean": bool, "object": dict, "array": list}


def fragment() -> dict:
    return yaml.safe_load(resources.files("port_aws_pipeline.defaults").joinpath("kinds", f"{NAME}.yml").read_text())


def assert_fits_blueprint(entity, blueprint: dict) -> None:
    schema = blueprint["schema"]["properties"]
    for key, value in entity.properties.items():
        if key == SCOPE_PROPERTY or value is None:
            continue
        expected = JSON_TYPES[schema[key]["type"]]
        assert isinstance(value, expected) and not (expected is not bool and isinstance(value, bool)), (key, value)
    assert set(entity.relations) <= set(blueprint["relations"])


def test_fixture_shapes_describe_stacks_items():
    fixture = load_fixture(NAME)
    shaped = shape_fixture(KIND, NAME)
    assert shaped == fixture["expected"]
    root, nested = shaped
    for key, kind in {
        "StackId": str,
        "StackName": str,
        "Description": str,
        "Parameters": list,
        "CreationTime": str,
        "LastUpdatedTime": str,
        "StackStatus": str,
        "DisableRollback": bool,
        "NotificationARNs": list,
        "Capabilities": list,
        "Outputs": list,
        "RoleARN": str,
        "Tags": list,
        "EnableTerminationProtection": bool,
        "DriftInformation": dict,
        "Arn": str,
    }.items():
        assert isinstance(root[key], kind), key
    assert root["Arn"] == root["StackId"] and root["Tags"] == [{"Key": "team", "Value": "payments"}]
    assert root["Outputs"][0] == {
        "OutputKey": "ApiUrl",
        "OutputValue": "https://abc123.execute-api.eu-west-1.amazonaws.com/prod",
        "Description": "API endpoint",
        "ExportName": "payments-api-url",
    }
    assert {"ParameterKey": "DbPassword", "ParameterValue": "****"} in root["Parameters"]  # NoEcho comes masked
    assert nested["ParentId"] == root["StackId"] and nested["RootId"] == root["StackId"] and "ParentId" not in root


def test_permissions():
    assert KIND.iam_actions == ("cloudformation:DescribeStacks",) and KIND.optional_actions == {}


def test_moto_reads_seeded_stacks(aws):
    assert cloudformation.seed(SeedContext(account_session(ACCOUNT, REGION), ACCOUNT, REGION, "t", 2, TAGS)) == {
        KIND.kind: 2
    }
    records = moto_records(KIND, region=REGION)
    assert sorted(r["Properties"]["StackName"] for r in records) == ["t-stack-0", "t-stack-1"]
    stack = records[0]["Properties"]
    assert stack["Arn"] == stack["StackId"] and stack["Arn"].startswith(
        f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/t-stack-"
    )
    assert stack["StackStatus"] == "CREATE_COMPLETE" and stack["Tags"] == TAGS
    assert stack["Outputs"] == [{"OutputKey": "Seeded", "OutputValue": "yes"}]


def test_default_mapping_relates_nested_stacks_to_their_parent():
    fixture = load_fixture(NAME)
    ctx = fixture_context(fixture, KIND)
    frag = fragment()
    mapping = Mapping(PortAppConfig.model_validate({"resources": frag["resources"]}))
    records = [to_record(KIND.kind, KIND.shape(item, ctx), ctx.account_id, ctx.region) for item in fixture["items"]]
    entities, errors = mapping.map_records(KIND.kind, records, "scope")
    assert errors == []
    root, nested = entities
    assert (
        root.identifier
        == f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/payments-api/4f1c2d3e-aaaa-11ee-bbbb-0a1b2c3d4e5f"
    )
    assert root.blueprint == "awsCloudFormationStack" and root.title == "payments-api"
    assert root.relations == {"account": ACCOUNT, "parentStack": None}
    assert nested.relations == {"account": ACCOUNT, "parentStack": root.identifier}
    assert root.properties["outputs"] == {"ApiUrl": "https://abc123.execute-api.eu-west-1.amazonaws.com/prod"}
    assert root.properties["driftStatus"] == "IN_SYNC" and root.properties["terminationProtection"] is True
    assert nested.properties["outputs"] == {} and root.properties["tags"] == {"team": "payments"}
    for entity in entities:
        assert_fits_blueprint(entity, frag["blueprints"][0])


def test_parents_come_before_their_nested_stacks():
    root = {"StackId": "arn:root", "StackName": "root"}
    child = {"StackId": "arn:child", "StackName": "child", "ParentId": "arn:root", "RootId": "arn:root"}
    grandchild = {"StackId": "arn:grandchild", "StackName": "grandchild", "ParentId": "arn:child", "RootId": "arn:root"}
    other = {"StackId": "arn:other", "StackName": "other"}

    class Pages:
        def get_paginator(self, operation):
            assert operation == "describe_stacks"
            return self

        def paginate(self):
            return [{"Stacks": [grandchild, child]}, {"Stacks": [root, other]}]

    class Clients:
        account_id, partition = ACCOUNT, "aws"

        def client(self, service, region):
            return Pages()

    ctx = fixture_context({"context": {"region": REGION}}, KIND)
    assert [s["StackName"] for s in KIND.fetch(Clients(), ctx)] == ["root", "other", "child", "grandchild"]
