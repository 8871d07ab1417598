"""AWS::Kinesis::Stream: recorded ListStreams + DescribeStreamSummary items, a moto read, the default mapping."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import kinesis
from port_aws_pipeline.kinds.kinesis_stream import DESCRIBE
from port_aws_pipeline.kinds.kinesis_stream import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import assert_fields
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import moto_records

NAME = "kinesis_stream"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}]


def test_fixture_shapes_stream_summaries():
    shaped = fixture_shapes(KIND, NAME)
    provisioned, on_demand = shaped
    assert_fields(
        provisioned,
        {
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
        },
    )
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
    entities = mapped_to_blueprint(KIND, NAME, "awsKinesisStream")
    clicks, audit = entities
    assert (
        clicks.identifier == f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/clickstream" and clicks.title == "clickstream"
    )
    assert clicks.relations == {"account": ACCOUNT}
    assert clicks.properties["retentionPeriodHours"] == 168 and clicks.properties["streamMode"] == "PROVISIONED"
    assert clicks.properties["tags"] == {"team": "analytics"} and audit.properties["tags"] == {}
