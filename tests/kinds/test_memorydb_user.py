"""AWS::MemoryDB::User: recorded responses in aws-v3's shape, a read from moto, and the default mapping."""

from importlib import resources

import yaml

from port_aws_pipeline.devtools.seeding import SeedContext, account_session, seeders
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.memorydb_user import KIND
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY, Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record

from .helpers import ACCOUNT, load_fixture, moto_records, shape_fixture

NAME = "memorydb_user"
TYPED = {
    "Name": str, "Status": str, "AccessString": str, "ACLNames": list, "MinimumEngineVersion": str, "ARN": str,
    "Authentication": dict, "TagList": list,
}  # fmt: skip
JSON_TYPES = {"string": str, "number": (int, float), "boolean": bool, "object": dict, "array": list}
FRAGMENT = yaml.safe_load(resources.files("port_aws_pipeline.defaults").joinpath("kinds", f"{NAME}.yml").read_text())


def assert_typed(props: dict) -> None:
    for key, kind in TYPED.items():
        if key in props:
            assert type(props[key]) is kind, key


def test_recorded_users_have_the_aws_v3_shape():
    fixture = load_fixture(NAME)
    shaped = shape_fixture(KIND, NAME)
    assert shaped == fixture["expected"] == fixture["items"]  # aws-v3 keeps the user whole
    default, reader = shaped
    for props in shaped:
        assert_typed(props)
    assert default["TagList"] == [] and default["Authentication"] == {"Type": "no-password"}
    assert reader["TagList"] == [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "prod"}]


def test_regions_without_memorydb_read_as_empty_without_a_call():
    class NoClients:
        def client(self, service, region):
            raise AssertionError("no call expected")

    ctx = ReadContext(ACCOUNT, "af-south-1", "aws", ("af-south-1",))
    assert KIND.fetch(NoClients(), ctx) == []


def test_moto_read_with_one_list_tags_per_user(aws):
    ctx = SeedContext(account_session(ACCOUNT), ACCOUNT, "us-east-1", "t", 2, [{"Key": "team", "Value": "platform"}])
    assert seeders()["memorydb"].seed(ctx) == {"AWS::MemoryDB::User": 2}
    records = {
        r["Properties"]["Name"]: r["Properties"] for r in moto_records(KIND, actions=["ListTagsForMemoryDbUserAction"])
    }
    assert set(records) == {"default", "t-user-0", "t-user-1"}  # AWS's own default user is listed too
    for props in records.values():
        assert_typed(props)
    assert records["t-user-0"]["TagList"] == [{"Key": "team", "Value": "platform"}]
    assert records["t-user-0"]["ARN"] == f"arn:aws:memorydb:us-east-1:{ACCOUNT}:user/t-user-0"
    assert records["t-user-0"]["Authentication"] == {"Type": "password", "PasswordCount": 1}
    assert all("TagList" not in r["Properties"] for r in moto_records(KIND))


def test_default_mapping_makes_user_entities():
    records = [to_record(KIND.kind, props, ACCOUNT, "eu-west-1") for props in load_fixture(NAME)["expected"]]
    mapping = Mapping(PortAppConfig.model_validate({"resources": FRAGMENT["resources"]}))
    assert mapping.selectors_for(KIND.kind)[0].include_actions == ["ListTagsForMemoryDbUserAction"]
    entities, errors = mapping.map_records(KIND.kind, records, "scope")
    assert errors == []
    default, reader = entities
    assert reader.identifier == f"arn:aws:memorydb:eu-west-1:{ACCOUNT}:user/app-reader" and reader.title == "app-reader"
    assert reader.blueprint == "awsMemorydbUser" and reader.relations == {"account": ACCOUNT}
    assert reader.properties["authenticationType"] == "password" and reader.properties["passwordCount"] == 2
    assert reader.properties["aclNames"] == ["app-acl"] and reader.properties["tags"] == {
        "team": "platform",
        "env": "prod",
    }
    assert default.properties["passwordCount"] is None and default.properties["tags"] == {}
    schema = FRAGMENT["blueprints"][0]["schema"]["properties"]
    for entity in entities:
        for name, value in entity.properties.items():
            if name != SCOPE_PROPERTY and value is not None:
                assert isinstance(value, JSON_TYPES[schema[name]["type"]]), name
