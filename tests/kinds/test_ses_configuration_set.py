"""AWS::SES::ConfigurationSet: recorded responses in aws-v3's shape, a read from moto, and the default mapping."""

from importlib import resources

import yaml

from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.kinds.ses_configuration_set import KIND
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY, Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record

from .helpers import ACCOUNT, load_fixture, moto_records, shape_fixture

NAME = "ses_configuration_set"
#: aws-v3's keys (its model drops any other) with their JSON types.
AWS_V3_TYPES = {
    "ConfigurationSetName": str, "TrackingOptions": dict, "DeliveryOptions": dict, "ReputationOptions": dict,
    "SendingOptions": dict, "Tags": list, "SuppressionOptions": dict, "VdmOptions": dict, "ArchivingOptions": dict,
}  # fmt: skip
ADDED = {"Arn": str}  # AWS gives no ARN and aws-v3 has none: ours, as the entity identifier
JSON_TYPES = {"string": str, "number": (int, float), "boolean": bool, "object": dict, "array": list}
FRAGMENT = yaml.safe_load(resources.files("port_aws_pipeline.defaults").joinpath("kinds", f"{NAME}.yml").read_text())


def assert_typed(props: dict) -> None:
    types = AWS_V3_TYPES | ADDED
    assert set(props) <= set(types), set(props) - set(types)
    for key, value in props.items():
        assert type(value) is types[key], key


def test_recorded_configuration_sets_have_the_aws_v3_shape():
    fixture = load_fixture(NAME)
    shaped = shape_fixture(KIND, NAME)
    assert shaped == fixture["expected"]
    transactional, unreadable = shaped
    for props in shaped:
        assert_typed(props)
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
    records = [to_record(KIND.kind, props, ACCOUNT, "eu-west-1") for props in load_fixture(NAME)["expected"]]
    mapping = Mapping(PortAppConfig.model_validate({"resources": FRAGMENT["resources"]}))
    entities, errors = mapping.map_records(KIND.kind, records, "scope")
    assert errors == []
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
    schema = FRAGMENT["blueprints"][0]["schema"]["properties"]
    for entity in entities:
        for name, value in entity.properties.items():
            if name != SCOPE_PROPERTY and value is not None:
                assert isinstance(value, JSON_TYPES[schema[name]["type"]]), name
