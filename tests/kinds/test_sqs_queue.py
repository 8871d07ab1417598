"""AWS::SQS::Queue: recorded responses in aws-v3's shape, a read from moto, and the default mapping."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import seeders
from port_aws_pipeline.kinds.sqs_queue import KIND

from .helpers import ACCOUNT
from .helpers import assert_attribute_types
from .helpers import assert_fits_blueprint
from .helpers import default_mapping
from .helpers import expected_records
from .helpers import fixture_shapes
from .helpers import fragment
from .helpers import load_fixture
from .helpers import moto_records

NAME = "sqs_queue"
#: aws-v3's queue properties (its model forbids any other key).
AWS_V3_KEYS = {
    "QueueName", "QueueUrl", "QueueArn", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp", "LastModifiedTimestamp", "VisibilityTimeout",
    "MaximumMessageSize", "MessageRetentionPeriod", "DelaySeconds", "ReceiveMessageWaitTimeSeconds", "Policy",
    "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled",
    "FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit", "Tags",
}  # fmt: skip
INTS = {
    "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed",
    "VisibilityTimeout", "MaximumMessageSize", "MessageRetentionPeriod", "DelaySeconds",
    "ReceiveMessageWaitTimeSeconds", "KmsDataKeyReusePeriodSeconds",
}  # fmt: skip
BOOLS = {"SqsManagedSseEnabled", "FifoQueue", "ContentBasedDeduplication"}
FRAGMENT = fragment(NAME)


def assert_typed(props: dict) -> None:
    assert_attribute_types(props, AWS_V3_KEYS, INTS, BOOLS)  # AWS_V3_KEYS holds Tags
    if "Tags" in props:
        assert isinstance(props["Tags"], dict) and all(isinstance(v, str) for v in props["Tags"].values())


def test_recorded_queues_have_the_aws_v3_shape():
    shaped = fixture_shapes(KIND, NAME, each=assert_typed)
    orders, fifo, gone = shaped
    assert "QueueName" not in orders  # aws-v3 never sets it
    assert orders["QueueArn"] == f"arn:aws:sqs:eu-west-1:{ACCOUNT}:orders"
    assert orders["VisibilityTimeout"] == 60 and orders["MessageRetentionPeriod"] == 1209600
    assert orders["SqsManagedSseEnabled"] is False and "FifoQueue" not in orders
    assert orders["Tags"] == {"team": "platform", "env": "prod"}
    assert fifo["FifoQueue"] is True and fifo["ContentBasedDeduplication"] is True and fifo["Tags"] == {}
    assert gone == {"QueueUrl": f"https://sqs.eu-west-1.amazonaws.com/{ACCOUNT}/deleted-meanwhile", "Tags": {}}


def test_tags_only_with_their_include_action():
    item = {key: value for key, value in load_fixture(NAME)["items"][0].items() if key != "Tags"}
    assert "Tags" not in KIND.shape(item, None)
    assert KIND.actions_for(None) == frozenset()
    assert KIND.actions_for(["ListQueueTagsAction", "Unknown"]) == {"ListQueueTagsAction"}


def seed(count: int = 2) -> dict:
    tags = [{"Key": "team", "Value": "platform"}]
    ctx = SeedContext(account_session(ACCOUNT, "us-east-1"), ACCOUNT, "us-east-1", "t", count, tags)
    return seeders()["sqs"].seed(ctx)


def test_moto_read_gives_typed_attributes_and_tag_map(aws):
    assert seed() == {"AWS::SQS::Queue": 2}
    records = moto_records(KIND, actions=["ListQueueTagsAction"])
    assert sorted(r["Properties"]["QueueArn"] for r in records) == [
        f"arn:aws:sqs:us-east-1:{ACCOUNT}:t-queue-{i}" for i in range(2)
    ]
    for record in records:
        props = record["Properties"]
        assert_typed(props)
        assert props["QueueUrl"].endswith(f"/{ACCOUNT}/" + props["QueueArn"].rsplit(":", 1)[1])
        assert props["VisibilityTimeout"] == 30 and props["Tags"] == {"team": "platform"}
        assert record["__Region"] == "us-east-1" and record["__AccountId"] == ACCOUNT
    assert all("Tags" not in r["Properties"] for r in moto_records(KIND))


def test_default_mapping_makes_queue_entities():
    records = expected_records(KIND, NAME, "eu-west-1")
    mapping = default_mapping(NAME)
    assert mapping.selectors_for(KIND.kind)[0].include_actions == ["ListQueueTagsAction"]
    entities, errors = mapping.map_records(KIND.kind, records, "scope")
    assert len(errors) == 1 and "identifier" in errors[0].message  # the queue whose attributes were unreadable
    orders, fifo = entities
    assert orders.identifier == f"arn:aws:sqs:eu-west-1:{ACCOUNT}:orders" and orders.title == "orders"
    assert orders.blueprint == "awsSqsQueue" and orders.relations == {"account": ACCOUNT}
    assert orders.properties["fifoQueue"] is False and orders.properties["visibilityTimeout"] == 60
    assert orders.properties["deadLetterTargetArn"] == f"arn:aws:sqs:eu-west-1:{ACCOUNT}:orders-dlq"
    assert orders.properties["createdTimestamp"] == "2023-02-17T20:22:17Z"
    assert (
        orders.properties["tags"] == {"team": "platform", "env": "prod"} and orders.properties["region"] == "eu-west-1"
    )
    assert fifo.title == "payments.fifo" and fifo.properties["fifoQueue"] is True
    for entity in entities:
        assert_fits_blueprint(entity, FRAGMENT["blueprints"][0])
