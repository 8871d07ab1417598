"""AWS::SES::ConfigurationSet: recorded responses in aws-v3's shape, a read from moto, and the default mapping."""

from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.kinds.ses_configuration_set import KIND

from .helpers import ACCOUNT
from .helpers import assert_fits_blueprint
from .helpers import assert_types
from .helpers import fixture_shapes
from .helpers import fragment
from .helpers import load_fixture
from .helpers import mapped_expected
from .helpers import moto_records

NAME = "ses_configuration_set"
#: aws-v3's keys (its model drops any other) with their JSON types.
AWS_V3_TYPES = {
    "ConfigurationSetName": str, "TrackingOptions": dict, "DeliveryOptions": dict, "ReputationOptions": dict,
    "SendingOptions": dict, "Tags": list, "SuppressionOptions": dict, "VdmOptions": dict, "ArchivingOptions": dict,
}  # fmt: skip
ADDED = {"Arn": str}  # AWS gives no ARN and aws-v3 has none: ours, as the entity identifier
FRAGMENT = fragment(NAME)


def assert_typed(props: dict) -> None:
    assert_types(props, AWS_V3_TYPES | ADDED, nullable=False)


def test_recorded_configuration_sets_have_the_aws_v3_shape():
    fixture = load_fixture(NAME)
    shaped = fixture_shapes(KIND, NAME, each=assert_typed)
    transactional, unreadable = shaped
    assert {k: v for k, v in transactional.items() if k != "Arn"} == fixture["items"][0]
    assert transactional["Arn"] == f"arn:aws:ses:eu-west-1:{ACCOUNT}:configuration-set/transactional"
    # a set whose GetConfigurationSet was denied keeps its name only
    assert unreadable == {
        "ConfigurationSetName": "marketing",
        "Arn": f"arn:aws:ses:eu-west-1:{ACCOUNT}:configuration-set/marketing",
    }


def test_moto_read(aws):
    ses = account_session(ACCOUNT).client("sesv2")
    ses.create_configuration_set(
        ConfigurationSetName="t-config-0",
        ReputationOptions={"ReputationMetricsEnabled": True},
        Tags=[{"Key": "team", "Value": "platform"}],
    )
    (record,) = moto_records(KIND)
    props = record["Properties"]
    assert_typed(props)
    assert (
        props["ConfigurationSetName"] == "t-config-0" and props["ReputationOptions"]["ReputationMetricsEnabled"] is True
    )
    assert props["Tags"] == [{"Key": "team", "Value": "platform"}]
    assert props["Arn"] == f"arn:aws:ses:us-east-1:{ACCOUNT}:configuration-set/t-config-0"


def test_default_mapping_makes_configuration_set_entities():
    entities = mapped_expected(KIND, NAME, "eu-west-1")
    transactional, unreadable = entities
    # the identifier an email identity's `configurationSet` relation points at
    assert transactional.identifier == f"arn:aws:ses:eu-west-1:{ACCOUNT}:configuration-set/transactional"
    assert transactional.title == "transactional" and transactional.blueprint == "awsSesConfigurationSet"
    assert transactional.relations == {"account": ACCOUNT}
    props = transactional.properties
    assert (
        props["sendingEnabled"] is True
        and props["tlsPolicy"] == "REQUIRE"
        and props["suppressedReasons"] == ["BOUNCE", "COMPLAINT"]
    )
    assert props["tags"] == {"team": "platform", "env": "prod"}
    assert unreadable.properties["suppressedReasons"] == [] and unreadable.properties["tags"] == {}
    for entity in entities:
        assert_fits_blueprint(entity, FRAGMENT["blueprints"][0])
