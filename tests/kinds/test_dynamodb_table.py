"""AWS::DynamoDB::Table: recorded responses in aws-v3's shape, a read from moto, and the default mapping."""

from importlib import resources

import yaml

from port_aws_pipeline.devtools.seeding import SeedContext, account_session, seeders
from port_aws_pipeline.kinds.dynamodb_table import KIND
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY, Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record

from .helpers import ACCOUNT, load_fixture, moto_records, shape_fixture

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
JSON_TYPES = {"string": str, "number": (int, float), "boolean": bool, "object": dict, "array": list}
FRAGMENT = yaml.safe_load(resources.files("port_aws_pipeline.defaults").joinpath("kinds", f"{NAME}.yml").read_text())


def assert_typed(props: dict) -> None:
    for key, kind in TYPED.items():
        if key in props:
            assert type(props[key]) is kind, key
    assert all(set(tag) == {"Key", "Value"} for tag in props.get("Tags", []))


def test_recorded_tables_have_the_aws_v3_shape():
    fixture = load_fixture(NAME)
    shaped = shape_fixture(KIND, NAME)
    assert shaped == fixture["expected"] == fixture["items"]  # aws-v3 keeps DescribeTable's Table whole
    orders, sessions = shaped
    for props in shaped:
        assert_typed(props)
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
    records = [to_record(KIND.kind, props, ACCOUNT, "us-east-1") for props in load_fixture(NAME)["expected"]]
    mapping = Mapping(PortAppConfig.model_validate({"resources": FRAGMENT["resources"]}))
    assert mapping.selectors_for(KIND.kind)[0].include_actions == ["GetTableTagsAction"]
    entities, errors = mapping.map_records(KIND.kind, records, "scope")
    assert errors == []
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
    schema = FRAGMENT["blueprints"][0]["schema"]["properties"]
    for entity in entities:
        for name, value in entity.properties.items():
            if name != SCOPE_PROPERTY and value is not None:
                assert isinstance(value, JSON_TYPES[schema[name]["type"]]), name
