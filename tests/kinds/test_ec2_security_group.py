"""AWS::EC2::SecurityGroup: recorded DescribeSecurityGroups items, a moto read (default groups too), the mapping."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import network
from port_aws_pipeline.kinds.ec2_security_group import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import assert_fits_blueprint
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import fragment
from tests.kinds.helpers import mapped
from tests.kinds.helpers import moto_records

NAME = "ec2_security_group"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}]


def test_fixture_shapes_describe_security_groups_items():
    shaped = fixture_shapes(
        KIND,
        NAME,
        fields={
            "GroupId": str,
            "GroupName": str,
            "Description": str,
            "VpcId": str,
            "OwnerId": str,
            "SecurityGroupArn": str,
            "IpPermissions": list,
            "IpPermissionsEgress": list,
            "Tags": list,
        },
    )
    for group in shaped:
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
    entities = mapped(KIND, NAME)
    default, web = entities
    assert default.identifier == "sg-0a1b2c3d4e5f60001" and web.identifier == "sg-0fedcba9876543210"
    assert web.title == "prod-web-alb" and web.blueprint == "awsSecurityGroup"
    assert web.relations == {"vpc": "vpc-0123456789abcdef0", "account": ACCOUNT}
    assert [rule["FromPort"] for rule in web.properties["ingressRules"]] == [443, 80]
    assert web.properties["egressRules"][0]["IpProtocol"] == "-1"
    assert web.properties["tags"] == {"Name": "prod-web-alb", "team": "platform"} and default.properties["tags"] == {}
    assert web.properties["region"] == REGION
    for entity in entities:
        assert_fits_blueprint(entity, fragment(NAME)["blueprints"][0])
