"""AWS::MemoryDB::User: recorded responses in aws-v3's shape, a read from moto, and the default mapping."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import seeders
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.memorydb_user import KIND

from .helpers import ACCOUNT
from .helpers import assert_fits_blueprint
from .helpers import assert_types
from .helpers import default_mapping
from .helpers import fixture_shapes
from .helpers import fragment
from .helpers import load_fixture
from .helpers import mapped_expected
from .helpers import moto_records

NAME = "memorydb_user"
TYPED = {
    "Name": str, "Status": str, "AccessString": str, "ACLNames": list, "MinimumEngineVersion": str, "ARN": str,
    "Authentication": dict, "TagList": list,
}  # fmt: skip
FRAGMENT = fragment(NAME)


def assert_typed(props: dict) -> None:
    assert_types(props, TYPED, closed=False, nullable=False)


def test_recorded_users_have_the_aws_v3_shape():
    shaped = fixture_shapes(KIND, NAME, each=assert_typed)
    assert shaped == load_fixture(NAME)["items"]  # aws-v3 keeps the user whole
    default, reader = shaped
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
    mapping = default_mapping(NAME)
    assert mapping.selectors_for(KIND.kind)[0].include_actions == ["ListTagsForMemoryDbUserAction"]
    entities = mapped_expected(KIND, NAME, "eu-west-1", mapping)
    default, reader = entities
    assert reader.identifier == f"arn:aws:memorydb:eu-west-1:{ACCOUNT}:user/app-reader" and reader.title == "app-reader"
    assert reader.blueprint == "awsMemorydbUser" and reader.relations == {"account": ACCOUNT}
    assert reader.properties["authenticationType"] == "password" and reader.properties["passwordCount"] == 2
    assert reader.properties["aclNames"] == ["app-acl"] and reader.properties["tags"] == {
        "team": "platform",
        "env": "prod",
    }
    assert default.properties["passwordCount"] is None and default.properties["tags"] == {}
    for entity in entities:
        assert_fits_blueprint(entity, FRAGMENT["blueprints"][0])
