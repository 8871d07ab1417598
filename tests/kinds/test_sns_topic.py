"""AWS::SNS::Topic: recorded responses in aws-v3's shape, a read from moto, and the default mapping."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import seeders
from port_aws_pipeline.kinds.sns_topic import ATTRIBUTES
from port_aws_pipeline.kinds.sns_topic import KIND

from .helpers import ACCOUNT
from .helpers import assert_attribute_types
from .helpers import assert_fits_blueprint
from .helpers import default_mapping
from .helpers import fixture_shapes
from .helpers import fragment
from .helpers import load_fixture
from .helpers import mapped_expected
from .helpers import moto_records

NAME = "sns_topic"
INTS = {"SubscriptionsConfirmed", "SubscriptionsDeleted", "SubscriptionsPending", "SQSSuccessFeedbackSampleRate"}
BOOLS = {"FifoTopic", "ContentBasedDeduplication"}
FRAGMENT = fragment(NAME)


def assert_typed(props: dict) -> None:
    assert_attribute_types(props, ATTRIBUTES, INTS, BOOLS)
    if "Tags" in props:
        assert isinstance(props["Tags"], list) and all(set(t) == {"Key", "Value"} for t in props["Tags"])


def test_recorded_topics_have_the_aws_v3_shape():
    shaped = fixture_shapes(KIND, NAME, each=assert_typed)
    events, ledger = shaped
    assert events["SubscriptionsConfirmed"] == 4 and events["SQSSuccessFeedbackSampleRate"] == 100
    assert events["Tags"] == [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "prod"}]
    assert "FifoTopic" not in events
    assert ledger["FifoTopic"] is True and ledger["ContentBasedDeduplication"] is False and ledger["Tags"] == []


def test_tags_only_with_their_include_action():
    item = {key: value for key, value in load_fixture(NAME)["items"][0].items() if key != "Tags"}
    assert "Tags" not in KIND.shape(item, None)
    assert KIND.actions_for(None) == frozenset()


def test_moto_read(aws):
    ctx = SeedContext(account_session(ACCOUNT), ACCOUNT, "us-east-1", "t", 2, [{"Key": "team", "Value": "platform"}])
    assert seeders()["sns"].seed(ctx) == {"AWS::SNS::Topic": 2}
    records = moto_records(KIND, actions=["GetTopicTagsAction"])
    assert sorted(r["Properties"]["TopicArn"] for r in records) == [
        f"arn:aws:sns:us-east-1:{ACCOUNT}:t-topic-{i}" for i in range(2)
    ]
    for record in records:
        assert_typed(record["Properties"])
        assert record["Properties"]["SubscriptionsConfirmed"] == 0
        assert record["Properties"]["Tags"] == [{"Key": "team", "Value": "platform"}]
    assert all("Tags" not in r["Properties"] for r in moto_records(KIND))


def test_default_mapping_makes_topic_entities():
    mapping = default_mapping(NAME)
    assert mapping.selectors_for(KIND.kind)[0].include_actions == ["GetTopicTagsAction"]
    entities = mapped_expected(KIND, NAME, "eu-west-1", mapping)
    events, ledger = entities
    assert events.identifier == f"arn:aws:sns:eu-west-1:{ACCOUNT}:order-events" and events.title == "order-events"
    assert events.blueprint == "awsSnsTopic" and events.relations == {"account": ACCOUNT}
    assert events.properties["subscriptionsConfirmed"] == 4 and events.properties["fifoTopic"] is False
    assert events.properties["tags"] == {"team": "platform", "env": "prod"}
    assert ledger.properties["fifoTopic"] is True and ledger.properties["tags"] == {}
    for entity in entities:
        assert_fits_blueprint(entity, FRAGMENT["blueprints"][0])
