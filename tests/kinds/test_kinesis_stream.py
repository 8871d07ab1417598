"""AWS::Kinesis::Stream: recorded ListStreams + DescribeStreamSummary items, a moto read, the default mapping."""

from importlib import resources

import yaml

from port_aws_pipeline.devtools.seeding import SeedContext, account_session, kinesis
from port_aws_pipeline.kinds.kinesis_stream import DESCRIBE, KIND
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY, Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record
from tests.kinds.helpers import ACCOUNT, fixture_context, load_fixture, moto_records, shape_fixture

NAME = "kinesis_stream"
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


def test_fixture_shapes_stream_summaries():
    fixture = load_fixture(NAME)
    shaped = shape_fixture(KIND, NAME)
    assert shaped == fixture["expected"]
    provisioned, on_demand = shaped
    for key, kind in {
        "StreamName": str,
        "StreamARN": str,
        "StreamStatus": str,
        "StreamModeDetails": dict,
        "StreamCreationTimestamp": str,
        "RetentionPeriodHours": int,
        "EnhancedMonitoring": list,
        "EncryptionType": str,
        "KeyId": str,
        "OpenShardCount": int,
        "ConsumerCount": int,
        "Arn": str,
        "Tags": list,
    }.items():
        assert isinstance(provisioned[key], kind), key
    assert provisioned["Arn"] == provisioned["StreamARN"]
    assert provisioned["StreamModeDetails"] == {"StreamMode": "PROVISIONED"}
    assert provisioned["EnhancedMonitoring"][0]["ShardLevelMetrics"] == ["IncomingBytes", "OutgoingBytes"]
    assert provisioned["Tags"] == [{"Key": "team", "Value": "analytics"}]
    assert (
        on_demand["StreamModeDetails"]["StreamMode"] == "ON_DEMAND"
        and "KeyId" not in on_demand
        and on_demand["Tags"] == []
    )


def test_actions_and_permissions():
    assert KIND.actions_for(None) == {DESCRIBE}
    assert set(KIND.iam_actions) == {"kinesis:ListStreams", "tag:GetResources"}
    assert KIND.optional_actions[DESCRIBE] == ("kinesis:DescribeStreamSummary",)


def test_moto_reads_seeded_streams(aws):
    assert kinesis.seed(SeedContext(account_session(ACCOUNT, REGION), ACCOUNT, REGION, "t", 2, TAGS)) == {KIND.kind: 2}
    records = moto_records(KIND, region=REGION)
    assert sorted(r["Properties"]["StreamName"] for r in records) == ["t-stream-0", "t-stream-1"]
    stream = records[0]["Properties"]
    assert stream["Arn"] == f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/{stream['StreamName']}"
    assert stream["RetentionPeriodHours"] == 24 and stream["OpenShardCount"] == 1 and stream["EncryptionType"] == "NONE"
    # moto's tagging API does not cover Kinesis streams: tags come back empty there (real AWS lists kinesis:stream).
    assert stream["Tags"] == []
    assert "RetentionPeriodHours" not in moto_records(KIND, region=REGION, actions=[])[0]["Properties"]


def test_default_mapping_builds_entities_related_to_the_account():
    fixture = load_fixture(NAME)
    ctx = fixture_context(fixture, KIND)
    frag = fragment()
    mapping = Mapping(PortAppConfig.model_validate({"resources": frag["resources"]}))
    records = [to_record(KIND.kind, KIND.shape(item, ctx), ctx.account_id, ctx.region) for item in fixture["items"]]
    entities, errors = mapping.map_records(KIND.kind, records, "scope")
    assert errors == []
    clicks, audit = entities
    assert (
        clicks.identifier == f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/clickstream" and clicks.title == "clickstream"
    )
    assert clicks.blueprint == "awsKinesisStream" and clicks.relations == {"account": ACCOUNT}
    assert clicks.properties["retentionPeriodHours"] == 168 and clicks.properties["streamMode"] == "PROVISIONED"
    assert clicks.properties["tags"] == {"team": "analytics"} and audit.properties["tags"] == {}
    for entity in entities:
        assert_fits_blueprint(entity, frag["blueprints"][0])
