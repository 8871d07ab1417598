"""AWS::CertificateManager::Certificate: recorded summary + describe items, a moto read, the default mapping."""

from importlib import resources

import yaml

from port_aws_pipeline.devtools.seeding import SeedContext, account_session, acm
from port_aws_pipeline.kinds.acm_certificate import DESCRIBE, KEY_TYPES, KIND
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY, Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record
from tests.kinds.helpers import ACCOUNT, fixture_context, load_fixture, moto_records, shape_fixture

NAME = "acm_certificate"
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


def test_fixture_shapes_summary_merged_with_describe():
    fixture = load_fixture(NAME)
    shaped = shape_fixture(KIND, NAME)
    assert shaped == fixture["expected"]
    issued, imported = shaped
    for key, kind in {
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
    }.items():
        assert isinstance(issued[key], kind), key
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
    fixture = load_fixture(NAME)
    ctx = fixture_context(fixture, KIND)
    frag = fragment()
    mapping = Mapping(PortAppConfig.model_validate({"resources": frag["resources"]}))
    records = [to_record(KIND.kind, KIND.shape(item, ctx), ctx.account_id, ctx.region) for item in fixture["items"]]
    entities, errors = mapping.map_records(KIND.kind, records, "scope")
    assert errors == []
    issued, imported = entities
    assert issued.identifier == f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/3a9f1c2e-4b5d-4e6f-8a7b-9c0d1e2f3a4b"
    assert issued.blueprint == "awsAcmCertificate" and issued.title == "api.example.com"
    assert issued.relations == {"account": ACCOUNT}
    assert issued.properties["inUse"] is True and issued.properties["subjectAlternativeNames"] == [
        "api.example.com",
        "*.api.example.com",
    ]
    assert issued.properties["notAfter"] == "2026-01-31T23:59:59+00:00" and issued.properties["tags"] == {
        "team": "payments"
    }
    assert imported.properties["inUse"] is False and imported.properties["createdAt"] == "2023-01-02T09:00:00+00:00"
    for entity in entities:
        assert_fits_blueprint(entity, frag["blueprints"][0])
