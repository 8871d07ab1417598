"""AWS::CertificateManager::Certificate: recorded summary + describe items, a moto read, the default mapping."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import acm
from port_aws_pipeline.kinds.acm_certificate import DESCRIBE
from port_aws_pipeline.kinds.acm_certificate import KEY_TYPES
from port_aws_pipeline.kinds.acm_certificate import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import assert_fields
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import moto_records

NAME = "acm_certificate"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}]


def test_fixture_shapes_summary_merged_with_describe():
    shaped = fixture_shapes(KIND, NAME)
    issued, imported = shaped
    assert_fields(
        issued,
        {
            "CertificateArn": str,
            "DomainName": str,
            "SubjectAlternativeNameSummaries": list,
            "HasAdditionalSubjectAlternativeNames": bool,
            "Status": str,
            "Type": str,
            "KeyAlgorithm": str,
            "KeyUsages": list,
            "ExtendedKeyUsages": list,
            "InUse": bool,
            "RenewalEligibility": str,
            "NotBefore": str,
            "NotAfter": str,
            "CreatedAt": str,
            "IssuedAt": str,
            "SubjectAlternativeNames": list,
            "DomainValidationOptions": list,
            "Serial": str,
            "Subject": str,
            "Issuer": str,
            "SignatureAlgorithm": str,
            "InUseBy": list,
            "RenewalSummary": dict,
            "Options": dict,
            "Arn": str,
            "Tags": list,
        },
    )
    assert issued["Arn"] == issued["CertificateArn"] and issued["KeyUsages"][0] == {"Name": "DIGITAL_SIGNATURE"}
    assert issued["Tags"] == [{"Key": "team", "Value": "payments"}] and imported["Tags"] == []
    assert (
        imported["Type"] == "IMPORTED" and imported["KeyAlgorithm"] == "EC_prime256v1" and "CreatedAt" not in imported
    )


def test_actions_and_permissions():
    assert KIND.actions_for(None) == {DESCRIBE}
    assert set(KIND.iam_actions) == {"acm:ListCertificates", "tag:GetResources"}
    assert KIND.optional_actions[DESCRIBE] == ("acm:DescribeCertificate",)
    assert "EC_prime256v1" in KEY_TYPES and "RSA_2048" in KEY_TYPES  # ListCertificates defaults to RSA only


def test_moto_reads_seeded_certificates(aws):
    assert acm.seed(SeedContext(account_session(ACCOUNT, REGION), ACCOUNT, REGION, "t", 2, TAGS)) == {KIND.kind: 2}
    records = moto_records(KIND, region=REGION)
    assert sorted(r["Properties"]["DomainName"] for r in records) == ["t-0.example.com", "t-1.example.com"]
    cert = records[0]["Properties"]
    assert cert["Arn"] == cert["CertificateArn"] and cert["Arn"].startswith(
        f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/"
    )
    assert cert["Status"] == "PENDING_VALIDATION" and cert["Type"] == "AMAZON_ISSUED"
    names = sorted(cert["SubjectAlternativeNames"])  # from DescribeCertificate (moto orders them freely)
    assert names == sorted([cert["DomainName"], f"www.{cert['DomainName']}"])
    assert cert["Tags"] == TAGS
    assert "Serial" not in moto_records(KIND, region=REGION, actions=[])[0]["Properties"]


def test_default_mapping_builds_entities_related_to_the_account():
    entities = mapped_to_blueprint(KIND, NAME, "awsAcmCertificate")
    issued, imported = entities
    assert issued.identifier == f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/3a9f1c2e-4b5d-4e6f-8a7b-9c0d1e2f3a4b"
    assert issued.title == "api.example.com"
    assert issued.relations == {"account": ACCOUNT}
    assert issued.properties["inUse"] is True and issued.properties["subjectAlternativeNames"] == [
        "api.example.com",
        "*.api.example.com",
    ]
    assert issued.properties["notAfter"] == "2026-01-31T23:59:59+00:00" and issued.properties["tags"] == {
        "team": "payments"
    }
    assert imported.properties["inUse"] is False and imported.properties["createdAt"] == "2023-01-02T09:00:00+00:00"
