"""AWS::EC2::Subnet: recorded DescribeSubnets items, a moto read (default subnets included), the default mapping."""

from botocore.stub import Stubber

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import network
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.ec2_subnet import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import OneClient
from tests.kinds.helpers import default_mapping
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import map_records
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import moto_records
from tests.kinds.helpers import stub_client

NAME = "ec2_subnet"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}]


def test_fixture_shapes_describe_subnets_items():
    shaped = fixture_shapes(
        KIND,
        NAME,
        fields={
            "SubnetId": str,
            "VpcId": str,
            "CidrBlock": str,
            "AvailabilityZone": str,
            "AvailabilityZoneId": str,
            "State": str,
            "SubnetArn": str,
            "Tags": list,
            "DefaultForAz": bool,
            "MapPublicIpOnLaunch": bool,
            "AssignIpv6AddressOnCreation": bool,
            "PrivateDnsNameOptionsOnLaunch": dict,
            "Ipv6CidrBlockAssociationSet": list,
        },
    )
    for subnet in shaped:
        assert type(subnet["AvailableIpAddressCount"]) is int
        assert subnet["Arn"] == subnet["SubnetArn"] == f"arn:aws:ec2:{REGION}:{ACCOUNT}:subnet/{subnet['SubnetId']}"
    assert shaped[0]["Tags"] == [] and shaped[1]["Tags"][1] == {"Key": "tier", "Value": "private"}


def test_subnets_shared_in_from_another_account_are_left_to_their_owner():
    ec2 = stub_client("ec2", REGION)
    with Stubber(ec2) as stub:
        stub.add_response(
            "describe_subnets",
            {
                "Subnets": [
                    {"SubnetId": "subnet-own", "OwnerId": ACCOUNT},
                    {"SubnetId": "subnet-shared", "OwnerId": "999988887777"},
                ]
            },
        )
        items = KIND.fetch(OneClient(ec2), ReadContext(ACCOUNT, REGION, "aws", (REGION,)))
    assert [s["SubnetId"] for s in items] == ["subnet-own"]


def test_moto_reads_default_and_seeded_subnets_related_to_their_vpc(aws):
    session = account_session(ACCOUNT, REGION)
    network.seed(SeedContext(session, ACCOUNT, REGION, "t", 2, TAGS))
    listed = session.client("ec2").describe_subnets()["Subnets"]
    records = moto_records(KIND, region=REGION)
    assert sorted(r["Properties"]["SubnetId"] for r in records) == sorted(s["SubnetId"] for s in listed)
    defaults = [r["Properties"] for r in records if r["Properties"]["DefaultForAz"]]
    seeded = [r["Properties"] for r in records if not r["Properties"]["DefaultForAz"]]
    assert len(defaults) == len(records) - 2 >= 1  # moto gives the default VPC one subnet per AZ
    vpcs = {v["VpcId"]: v for v in session.client("ec2").describe_vpcs()["Vpcs"]}
    assert all(vpcs[p["VpcId"]]["IsDefault"] for p in defaults)
    assert all(not vpcs[p["VpcId"]]["IsDefault"] for p in seeded)
    for props in seeded:
        assert props["Arn"] == f"arn:aws:ec2:{REGION}:{ACCOUNT}:subnet/{props['SubnetId']}"
        assert props["AvailabilityZone"] == f"{REGION}a" and isinstance(props["AvailableIpAddressCount"], int)
        assert {"Key": "team", "Value": "platform"} in props["Tags"]
    entities = map_records(KIND, records, default_mapping(NAME))
    assert {e.relations["vpc"] for e in entities} == set(vpcs)


def test_default_mapping_identifies_subnets_by_id_and_relates_their_vpc():
    entities = mapped_to_blueprint(KIND, NAME, "awsSubnet")
    default, private = entities
    assert default.identifier == "subnet-0aa11bb22cc33dd44" and default.title == "subnet-0aa11bb22cc33dd44"
    assert private.identifier == "subnet-0123abcd4567ef890" and private.title == "prod-core-private-b"
    assert private.relations == {"vpc": "vpc-0123456789abcdef0", "account": ACCOUNT}
    assert default.relations == {"vpc": "vpc-0d1e2f3a4b5c6d7e8", "account": ACCOUNT}
    assert private.properties["availableIpAddressCount"] == 247
    assert private.properties["ipv6CidrBlocks"] == ["2a05:d018:1234:5601::/64"]
    assert private.properties["tags"] == {"Name": "prod-core-private-b", "tier": "private"}
    assert default.properties["defaultForAz"] is True and default.properties["mapPublicIpOnLaunch"] is True
    assert private.properties["region"] == REGION
