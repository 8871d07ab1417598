"""AWS::EC2::SecurityGroup: recorded DescribeSecurityGroups items, a moto read (default groups too), the mapping."""

import re
from importlib import resources

import yaml

from port_aws_pipeline.devtools.seeding import SeedContext, account_session, network
from port_aws_pipeline.kinds.ec2_security_group import KIND
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY, Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record
from tests.kinds.helpers import ACCOUNT, fixture_context, load_fixture, moto_records, shape_fixture

NAME = "ec2_security_group"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}]
IDENTIFIER = re.compile(r"^[A-Za-z0-9@_.+:\/=-]+$")
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
    assert IDENTIFIER.match(entity.identifier), entity.identifier


def test_fixture_shapes_describe_security_groups_items():
    fixture = load_fixture(NAME)
    shaped = shape_fixture(KIND, NAME)
    assert shaped == fixture["expected"]
    for group in shaped:
        for key, kind in {
            "GroupId": str,
            "GroupName": str,
            "Description": str,
            "VpcId": str,
            "OwnerId": str,
            "SecurityGroupArn": str,
            "IpPermissions": list,
            "IpPermissionsEgress": list,
            "Tags": list,
        }.items():
            assert isinstance(group[key], kind), key
        assert group["Arn"] == f"arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/{group['GroupId']}"
    https = shaped[1]["IpPermissions"][0]
    assert https["FromPort"] == 443 and type(https["FromPort"]) is int and https["IpRanges"][0]["CidrIp"] == "0.0.0.0/0"
    assert shaped[0]["Tags"] == [] and shaped[1]["Tags"][0] == {"Key": "Name", "Value": "prod-web-alb"}


def test_moto_reads_default_and_seeded_groups(aws):
    session = account_session(ACCOUNT, REGION)
    network.seed(SeedContext(session, ACCOUNT, REGION, "t", 2, TAGS))
    records = moto_records(KIND, region=REGION)
    # moto's default VPC has a default group, and each seeded VPC gets one besides the seeded group.
    assert len(records) == 1 + 2 * 2
    by_name = {}
    for record in records:
        by_name.setdefault(record["Properties"]["GroupName"], []).append(record["Properties"])
    assert len(by_name["default"]) == 3 and sorted(by_name) == ["default", "t-sg-0", "t-sg-1"]
    seeded = by_name["t-sg-0"][0]
    assert seeded["Arn"] == f"arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/{seeded['GroupId']}"
    assert {"Key": "team", "Value": "platform"} in seeded["Tags"] and seeded["Description"] == "demo web tier"
    assert seeded["IpPermissionsEgress"][0]["IpProtocol"] == "-1"
    vpcs = {v["VpcId"]: v for v in session.client("ec2").describe_vpcs()["Vpcs"]}
    assert not vpcs[seeded["VpcId"]]["IsDefault"]
    assert all(r["__Region"] == REGION and r["__AccountId"] == ACCOUNT for r in records)


def test_default_mapping_identifies_groups_by_id_and_relates_their_vpc():
    fixture = load_fixture(NAME)
    ctx = fixture_context(fixture, KIND)
    frag = fragment()
    mapping = Mapping(PortAppConfig.model_validate({"resources": frag["resources"]}))
    records = [to_record(KIND.kind, KIND.shape(item, ctx), ctx.account_id, ctx.region) for item in fixture["items"]]
    entities, errors = mapping.map_records(KIND.kind, records, "scope")
    assert errors == []
    default, web = entities
    assert default.identifier == "sg-0a1b2c3d4e5f60001" and web.identifier == "sg-0fedcba9876543210"
    assert web.title == "prod-web-alb" and web.blueprint == "awsSecurityGroup"
    assert web.relations == {"vpc": "vpc-0123456789abcdef0", "account": ACCOUNT}
    assert [rule["FromPort"] for rule in web.properties["ingressRules"]] == [443, 80]
    assert web.properties["egressRules"][0]["IpProtocol"] == "-1"
    assert web.properties["tags"] == {"Name": "prod-web-alb", "team": "platform"} and default.properties["tags"] == {}
    assert web.properties["region"] == REGION
    for entity in entities:
        assert_fits_blueprint(entity, frag["blueprints"][0])
