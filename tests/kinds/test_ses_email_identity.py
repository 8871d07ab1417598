"""AWS::SES::EmailIdentity: recorded responses in aws-v3's shape, a read from moto, and the default mapping."""

from importlib import resources

import yaml

from port_aws_pipeline.devtools.seeding import SeedContext, account_session, seeders
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.ses_email_identity import KIND
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY, Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record

from .helpers import ACCOUNT, load_fixture, moto_records, shape_fixture

NAME = "ses_email_identity"
#: aws-v3's keys (its model drops any other) with their JSON types.
AWS_V3_TYPES = {
    "IdentityName": str, "IdentityType": str, "SendingEnabled": bool, "FeedbackForwardingStatus": bool,
    "VerifiedForSendingStatus": bool, "DkimAttributes": dict, "MailFromAttributes": dict, "Policies": dict,
    "Tags": list, "ConfigurationSetName": str, "VerificationStatus": str, "VerificationInfo": dict,
}  # fmt: skip
ADDED = {"Arn": str}  # AWS gives no ARN and aws-v3 has none: ours, as the entity identifier
TARGETS = {"awsAccount": "organizations_account", "awsSesConfigurationSet": "ses_configuration_set"}
JSON_TYPES = {"string": str, "number": (int, float), "boolean": bool, "object": dict, "array": list}
FRAGMENTS = resources.files("port_aws_pipeline.defaults").joinpath("kinds")
FRAGMENT = yaml.safe_load(FRAGMENTS.joinpath(f"{NAME}.yml").read_text())


def assert_typed(props: dict) -> None:
    types = AWS_V3_TYPES | ADDED
    assert set(props) <= set(types), set(props) - set(types)
    for key, value in props.items():
        assert type(value) is types[key], key
    assert all(set(tag) == {"Key", "Value"} for tag in props.get("Tags", []))


def test_recorded_identities_have_the_aws_v3_shape():
    fixture = load_fixture(NAME)
    shaped = shape_fixture(KIND, NAME)
    assert shaped == fixture["expected"]
    domain, address = shaped
    for props in shaped:
        assert_typed(props)
    assert {k: v for k, v in domain.items() if k != "Arn"} == fixture["items"][0]
    assert domain["Arn"] == f"arn:aws:ses:eu-west-1:{ACCOUNT}:identity/mail.example.com"
    assert address["Arn"] == f"arn:aws:ses:eu-west-1:{ACCOUNT}:identity/alerts+ops@example.com"
    assert domain["Tags"] == [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "prod"}]
    assert "ConfigurationSetName" not in address and address["Tags"] == []


def test_regions_without_ses_read_as_empty_without_a_call():
    class NoClients:
        def client(self, service, region):
            raise AssertionError("no call expected")

    assert KIND.fetch(NoClients(), ReadContext(ACCOUNT, "ap-east-1", "aws", ("ap-east-1",))) == []


def test_moto_read_merges_the_list_and_get_answers(aws):
    ctx = SeedContext(account_session(ACCOUNT), ACCOUNT, "us-east-1", "t", 2, [{"Key": "team", "Value": "platform"}])
    assert seeders()["ses"].seed(ctx) == {"AWS::SES::EmailIdentity": 2, "AWS::SES::ConfigurationSet": 2}
    records = sorted(moto_records(KIND), key=lambda r: r["Properties"]["IdentityName"])
    assert [r["Properties"]["IdentityName"] for r in records] == ["t-0.example.com", "t-1.example.com"]
    for i, record in enumerate(records):
        props = record["Properties"]
        assert_typed(props)
        assert props["IdentityType"] == "DOMAIN" and props["SendingEnabled"] is True  # from ListEmailIdentities
        assert props["Tags"] == [{"Key": "team", "Value": "platform"}]  # from GetEmailIdentity
        assert props["ConfigurationSetName"] == f"t-config-{i}"
        assert props["Arn"] == f"arn:aws:ses:us-east-1:{ACCOUNT}:identity/t-{i}.example.com"


def test_default_mapping_relates_the_configuration_set():
    records = [to_record(KIND.kind, props, ACCOUNT, "eu-west-1") for props in load_fixture(NAME)["expected"]]
    mapping = Mapping(PortAppConfig.model_validate({"resources": FRAGMENT["resources"]}))
    entities, errors = mapping.map_records(KIND.kind, records, "scope")
    assert errors == []
    domain, address = entities
    assert domain.identifier == f"arn:aws:ses:eu-west-1:{ACCOUNT}:identity/mail.example.com"
    assert domain.title == "mail.example.com" and domain.blueprint == "awsSesEmailIdentity"
    assert domain.relations == {
        "account": ACCOUNT,
        "configurationSet": f"arn:aws:ses:eu-west-1:{ACCOUNT}:configuration-set/transactional",
    }
    assert address.relations == {"account": ACCOUNT, "configurationSet": None}
    assert (
        domain.properties["dkimStatus"] == "SUCCESS"
        and domain.properties["mailFromDomain"] == "bounce.mail.example.com"
    )
    assert domain.properties["tags"] == {"team": "platform", "env": "prod"}
    blueprint = FRAGMENT["blueprints"][0]
    assert {r["target"] for r in blueprint["relations"].values()} <= set(TARGETS)
    for target, module in TARGETS.items():  # each target is defined by the fragment that owns it
        assert f"identifier: {target}\n" in (FRAGMENTS / f"{module}.yml").read_text()
    schema = blueprint["schema"]["properties"]
    for entity in entities:
        for name, value in entity.properties.items():
            if name != SCOPE_PROPERTY and value is not None:
                assert isinstance(value, JSON_TYPES[schema[name]["type"]]), name
