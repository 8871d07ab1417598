"""AWS::IAM::Role (global): recorded ListRoles items with ListRoleTagsAction, moto reads with and without it."""

import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import iam
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.iam_role import KIND
from port_aws_pipeline.kinds.iam_role import LIST_ROLE_TAGS
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import OneClient
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import moto_records
from tests.kinds.helpers import stub_client

NAME = "iam_role"
TAGS = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "test"}]
GLOBAL = ReadContext(ACCOUNT, "global", "aws", ("us-east-1",), frozenset({LIST_ROLE_TAGS}))


def role(name: str) -> dict:
    return {
        "Path": "/",
        "RoleName": name,
        "RoleId": f"AROA{name.upper():0<16}",
        "Arn": f"arn:aws:iam::{ACCOUNT}:role/{name}",
        "CreateDate": "2024-01-01T00:00:00Z",
    }


def test_kind_is_global_tags_are_an_opt_in_action():
    assert KIND.is_global and KIND.default_actions == () and KIND.actions_for(None) == frozenset()
    assert KIND.optional_actions == {LIST_ROLE_TAGS: ("iam:ListRoleTags",)}
    assert KIND.region_of(role("a")) == "us-east-1"
    assert KIND.region_of({"Arn": "arn:aws-cn:iam::123456789012:role/a"}) == "cn-north-1"


def test_fixture_shapes_list_roles_items():
    shaped = fixture_shapes(
        KIND,
        NAME,
        fields={
            "Path": str,
            "RoleName": str,
            "RoleId": str,
            "Arn": str,
            "CreateDate": str,
            "AssumeRolePolicyDocument": dict,
        },
    )
    task, port = shaped
    for item in shaped:
        assert type(item["MaxSessionDuration"]) is int
    assert task["Tags"] == [{"Key": "team", "Value": "orders"}, {"Key": "env", "Value": "prod"}]
    assert port["Tags"] is None  # ListRoleTags was denied for this one role
    assert port["PermissionsBoundary"]["PermissionsBoundaryType"] == "Policy"


def test_a_role_whose_tags_cannot_be_read_keeps_null_tags_other_errors_propagate():
    client = stub_client("iam", "us-east-1")
    with Stubber(client) as stub:
        stub.add_response("list_roles", {"Roles": [role("gone")], "IsTruncated": False})
        stub.add_client_error("list_role_tags", "NoSuchEntity", http_status_code=404)
        assert [r["Tags"] for r in KIND.fetch(OneClient(client), GLOBAL)] == [None]
        stub.add_response("list_roles", {"Roles": [role("fine")], "IsTruncated": False})
        stub.add_client_error("list_role_tags", "ServiceFailure", http_status_code=500)
        with pytest.raises(ClientError):
            KIND.fetch(OneClient(client), GLOBAL)
    with Stubber(client) as stub:  # without the action: ListRoles only
        stub.add_response("list_roles", {"Roles": [role("plain")], "IsTruncated": False})
        items = KIND.fetch(OneClient(client), ReadContext(ACCOUNT, "global", "aws", ("us-east-1",)))
    assert "Tags" not in items[0]


def test_moto_reads_roles_once_per_account_tags_only_with_the_action(aws):
    session = account_session(ACCOUNT, "us-east-1")
    assert (
        iam.seed(SeedContext(session, ACCOUNT, "eu-west-1", "t", 2, TAGS)) == {}
    )  # global: seeded from us-east-1 only
    assert iam.seed(SeedContext(session, ACCOUNT, "us-east-1", "t", 2, TAGS)) == {"AWS::IAM::Role": 2}
    plain = moto_records(KIND, regions=("us-east-1", "eu-west-1"))
    tagged = moto_records(KIND, actions=[LIST_ROLE_TAGS], regions=("us-east-1", "eu-west-1"))
    assert sorted(r["Properties"]["RoleName"] for r in plain) == ["t-role-0", "t-role-1"]
    for record in plain:
        props = record["Properties"]
        assert record["__Region"] == "us-east-1" and record["__AccountId"] == ACCOUNT
        assert props["Arn"] == f"arn:aws:iam::{ACCOUNT}:role/t/{props['RoleName']}" and "Tags" not in props
        assert props["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "ecs-tasks.amazonaws.com"}
        assert props["MaxSessionDuration"] == 3600 and isinstance(props["CreateDate"], str)
    assert all(sorted(r["Properties"]["Tags"], key=str) == sorted(TAGS, key=str) for r in tagged)
    assert moto_records(KIND, regions=("eu-west-1",)) == []  # a region policy without us-east-1 drops global IAM


def test_default_mapping_identifies_roles_by_arn_with_trusted_services():
    entities = mapped_to_blueprint(KIND, NAME, "awsIamRole")
    task, port = entities
    assert (
        task.identifier == f"arn:aws:iam::{ACCOUNT}:role/service-role/orders-api-task"
        and task.title == "orders-api-task"
    )
    assert task.relations == {"account": ACCOUNT}
    assert task.properties["trustedServices"] == ["ecs-tasks.amazonaws.com", "lambda.amazonaws.com"]
    assert port.properties["trustedServices"] == []
    assert task.properties["tags"] == {"team": "orders", "env": "prod"} and port.properties["tags"] == {}
    assert task.properties["maxSessionDuration"] == 3600 and task.properties["region"] == "us-east-1"
    assert port.properties["description"] is None
