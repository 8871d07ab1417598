"""AWS::CloudFormation::Stack: recorded DescribeStacks items (a nested stack included), a moto read, the mapping."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import cloudformation
from port_aws_pipeline.kinds.cloudformation_stack import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import assert_fields
from tests.kinds.helpers import fixture_context
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import moto_records

NAME = "cloudformation_stack"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}]


def test_fixture_shapes_describe_stacks_items():
    shaped = fixture_shapes(KIND, NAME)
    root, nested = shaped
    assert_fields(
        root,
        {
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
        },
    )
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
    entities = mapped_to_blueprint(KIND, NAME, "awsCloudFormationStack")
    root, nested = entities
    assert (
        root.identifier
        == f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/payments-api/4f1c2d3e-aaaa-11ee-bbbb-0a1b2c3d4e5f"
    )
    assert root.title == "payments-api"
    assert root.relations == {"account": ACCOUNT, "parentStack": None}
    assert nested.relations == {"account": ACCOUNT, "parentStack": root.identifier}
    assert root.properties["outputs"] == {"ApiUrl": "https://abc123.execute-api.eu-west-1.amazonaws.com/prod"}
    assert root.properties["driftStatus"] == "IN_SYNC" and root.properties["terminationProtection"] is True
    assert nested.properties["outputs"] == {} and root.properties["tags"] == {"team": "payments"}


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
