"""AWS::SES::EmailIdentity: recorded responses in aws-v3's shape, a read from moto, and the default mapping."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import seeders
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.ses_email_identity import KIND

from .helpers import ACCOUNT
from .helpers import assert_fits_blueprint
from .helpers import assert_relation_targets
from .helpers import assert_types
from .helpers import fixture_shapes
from .helpers import fragment
from .helpers import load_fixture
from .helpers import mapped_expected
from .helpers import moto_records

NAME = "ses_email_identity"
#: aws-v3's keys (its model drops any other) with their JSON types.
AWS_V3_TYPES = {
    "IdentityName": str, "IdentityType": str, "SendingEnabled": bool, "FeedbackForwardingStatus": bool,
    "VerifiedForSendingStatus": bool, "DkimAttributes": dict, "MailFromAttributes": dict, "Policies": dict,
    "Tags": list, "ConfigurationSetName": str, "VerificationStatus": str, "VerificationInfo": dict,
}  # fmt: skip
ADDED = {"Arn": str}  # AWS gives no ARN and aws-v3 has none: ours, as the entity identifier
TARGETS = {"awsAccount": "organizations_account", "awsSesConfigurationSet": "ses_configuration_set"}
FRAGMENT = fragment(NAME)


def assert_typed(props: dict) -> None:
    assert_types(props, AWS_V3_TYPES | ADDED, nullable=False)
    assert all(set(tag) == {"Key", "Value"} for tag in props.get("Tags", []))


def test_recorded_identities_have_the_aws_v3_shape():
    fixture = load_fixture(NAME)
    shaped = fixture_shapes(KIND, NAME, each=assert_typed)
    domain, address = shaped
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
    entities = mapped_expected(KIND, NAME, "eu-west-1")
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
    assert_relation_targets(blueprint, TARGETS)
    for entity in entities:
        assert_fits_blueprint(entity, blueprint)
