"""AWS::EC2::VPC: recorded DescribeVpcs items, a moto read (default VPC included), the default mapping."""

from botocore.stub import Stubber

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import network
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.ec2_vpc import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import OneClient
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import moto_records
from tests.kinds.helpers import stub_client

NAME = "ec2_vpc"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "test"}]


def test_fixture_shapes_describe_vpcs_items():
    shaped = fixture_shapes(
        KIND,
        NAME,
        fields={
            "VpcId": str,
            "CidrBlock": str,
            "State": str,
            "OwnerId": str,
            "IsDefault": bool,
            "InstanceTenancy": str,
            "DhcpOptionsId": str,
            "CidrBlockAssociationSet": list,
            "Tags": list,
        },
    )
    default, custom = shaped
    for vpc in shaped:
        assert vpc["Arn"] == f"arn:aws:ec2:{REGION}:{ACCOUNT}:vpc/{vpc['VpcId']}"
    assert default["Tags"] == [] and default["IsDefault"] is True
    assert custom["Tags"][0] == {"Key": "Name", "Value": "prod-core"}
    assert custom["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"] == "2a05:d018:1234:5600::/56"


def test_vpcs_shared_in_from_another_account_are_left_to_their_owner():
    ec2 = stub_client("ec2", REGION)
    with Stubber(ec2) as stub:
        stub.add_response(
            "describe_vpcs",
            {"Vpcs": [{"VpcId": "vpc-own", "OwnerId": ACCOUNT}, {"VpcId": "vpc-shared", "OwnerId": "999988887777"}]},
        )
        items = KIND.fetch(OneClient(ec2), ReadContext(ACCOUNT, REGION, "aws", (REGION,)))
    assert [v["VpcId"] for v in items] == ["vpc-own"]


def test_moto_reads_the_default_and_seeded_vpcs(aws):
    network.seed(SeedContext(account_session(ACCOUNT, REGION), ACCOUNT, REGION, "t", 2, TAGS))
    records = moto_records(KIND, region=REGION)
    assert len(records) == 3  # moto's default VPC and the two seeded
    assert sum(r["Properties"]["IsDefault"] for r in records) == 1
    for record in records:
        props = record["Properties"]
        assert record["Type"] == "AWS::EC2::VPC" and record["__Region"] == REGION and record["__AccountId"] == ACCOUNT
        assert props["Arn"] == f"arn:aws:ec2:{REGION}:{ACCOUNT}:vpc/{props['VpcId']}" and props["OwnerId"] == ACCOUNT
        assert isinstance(props["Tags"], list)
    seeded = sorted(
        (r["Properties"] for r in records if not r["Properties"]["IsDefault"]), key=lambda p: p["CidrBlock"]
    )
    assert [p["CidrBlock"] for p in seeded] == ["10.0.0.0/16", "10.1.0.0/16"]
    assert {"Key": "team", "Value": "platform"} in seeded[0]["Tags"]
    assert {"Key": "Name", "Value": "t-vpc-0"} in seeded[0]["Tags"]


def test_default_mapping_identifies_vpcs_by_id():
    entities = mapped_to_blueprint(KIND, NAME, "awsVpc")
    default, custom = entities
    assert default.identifier == "vpc-0d1e2f3a4b5c6d7e8" and default.title == "vpc-0d1e2f3a4b5c6d7e8"
    assert custom.identifier == "vpc-0123456789abcdef0" and custom.title == "prod-core"
    assert custom.properties["tags"] == {"Name": "prod-core", "team": "platform", "env": "prod"}
    assert default.properties["tags"] == {}
    assert custom.properties["cidrBlocks"] == ["10.20.0.0/16", "100.64.0.0/20"]
    assert custom.properties["ipv6CidrBlocks"] == ["2a05:d018:1234:5600::/56"]
    assert custom.properties["isDefault"] is False and custom.properties["region"] == REGION
    assert custom.properties["arn"] == f"arn:aws:ec2:{REGION}:{ACCOUNT}:vpc/vpc-0123456789abcdef0"
    assert custom.relations == {"account": ACCOUNT}
