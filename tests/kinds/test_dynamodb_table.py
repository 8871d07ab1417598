"""AWS::DynamoDB::Table: recorded responses in aws-v3's shape, a read from moto, and the default mapping."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import seeders
from port_aws_pipeline.kinds.dynamodb_table import KIND

from .helpers import ACCOUNT
from .helpers import assert_fits_blueprint
from .helpers import assert_types
from .helpers import default_mapping
from .helpers import fixture_shapes
from .helpers import fragment
from .helpers import load_fixture
from .helpers import mapped_expected
from .helpers import moto_records

NAME = "dynamodb_table"
#: aws-v3's modelled keys with their JSON types (its model also keeps every other key AWS returns).
TYPED = {
    "TableName": str, "TableArn": str, "TableId": str, "TableStatus": str, "CreationDateTime": str,
    "ProvisionedThroughput": dict, "TableSizeBytes": int, "ItemCount": int, "BillingModeSummary": dict,
    "KeySchema": list, "AttributeDefinitions": list, "GlobalSecondaryIndexes": list, "LocalSecondaryIndexes": list,
    "StreamSpecification": dict, "LatestStreamArn": str, "LatestStreamLabel": str, "SSEDescription": dict,
    "RestoreSummary": dict, "ArchivalSummary": dict, "TableClassSummary": dict, "DeletionProtectionEnabled": bool,
    "Replicas": list, "GlobalTableVersion": str, "OnDemandThroughput": dict, "WarmThroughput": dict,
    "MultiRegionConsistency": str, "Tags": list, "ContinuousBackupsDescription": dict,
}  # fmt: skip
FRAGMENT = fragment(NAME)


def assert_typed(props: dict) -> None:
    assert_types(props, TYPED, closed=False, nullable=False)
    assert all(set(tag) == {"Key", "Value"} for tag in props.get("Tags", []))


def test_recorded_tables_have_the_aws_v3_shape():
    shaped = fixture_shapes(KIND, NAME, each=assert_typed)
    assert shaped == load_fixture(NAME)["items"]  # aws-v3 keeps DescribeTable's Table whole
    orders, sessions = shaped
    assert orders["ItemCount"] == 1523 and orders["CreationDateTime"] == "2023-03-14T09:26:53.589000+00:00"
    assert (
        orders["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"]
        == "ENABLED"
    )
    assert orders["Tags"] == [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "prod"}]
    assert sessions["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST" and sessions["Tags"] == []


def test_moto_read_with_and_without_include_actions(aws):
    ctx = SeedContext(account_session(ACCOUNT), ACCOUNT, "us-east-1", "t", 2, [{"Key": "team", "Value": "platform"}])
    assert seeders()["dynamodb"].seed(ctx) == {"AWS::DynamoDB::Table": 2}
    records = moto_records(KIND, actions=["GetTableTagsAction", "GetTableBackupStatusAction"])
    assert sorted(r["Properties"]["TableArn"] for r in records) == [
        f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/t-table-{i}" for i in range(2)
    ]
    for record in records:
        props = record["Properties"]
        assert_typed(props)
        assert props["TableStatus"] == "ACTIVE" and props["BillingModeSummary"] == {"BillingMode": "PAY_PER_REQUEST"}
        assert props["Tags"] == [{"Key": "team", "Value": "platform"}]
        assert props["ContinuousBackupsDescription"]["ContinuousBackupsStatus"] == "ENABLED"
    plain = moto_records(KIND)
    assert all("Tags" not in r["Properties"] and "ContinuousBackupsDescription" not in r["Properties"] for r in plain)


def test_default_mapping_makes_table_entities():
    mapping = default_mapping(NAME)
    assert mapping.selectors_for(KIND.kind)[0].include_actions == ["GetTableTagsAction"]
    entities = mapped_expected(KIND, NAME, "us-east-1", mapping)
    orders, sessions = entities
    assert orders.identifier == f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/orders" and orders.title == "orders"
    assert orders.blueprint == "awsDynamodbTable" and orders.relations == {"account": ACCOUNT}
    assert orders.properties["billingMode"] == "PROVISIONED" and orders.properties["readCapacityUnits"] == 25
    assert (
        orders.properties["tableClass"] == "STANDARD_INFREQUENT_ACCESS" and orders.properties["streamEnabled"] is True
    )
    assert orders.properties["globalTable"] is False and orders.properties["tags"] == {
        "team": "platform",
        "env": "prod",
    }
    assert sessions.properties["billingMode"] == "PAY_PER_REQUEST" and sessions.properties["tableClass"] == "STANDARD"
    assert sessions.properties["globalTable"] is True and sessions.properties["streamEnabled"] is False
    for entity in entities:
        assert_fits_blueprint(entity, FRAGMENT["blueprints"][0])
