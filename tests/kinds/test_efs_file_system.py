"""AWS::EFS::FileSystem: recorded DescribeFileSystems items with mount targets, a moto read, the mapping to
VPC, subnets and security groups."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import efs
from port_aws_pipeline.kinds.efs_file_system import KIND
from port_aws_pipeline.kinds.efs_file_system import MOUNT_TARGETS
from port_aws_pipeline.kinds.efs_file_system import SECURITY_GROUPS
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import assert_fields
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import moto_records

NAME = "efs_file_system"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}]


def test_fixture_shapes_file_systems_with_mount_targets():
    shaped = fixture_shapes(KIND, NAME)
    regional, one_zone = shaped
    assert_fields(
        regional,
        {
            "OwnerId": str,
            "CreationToken": str,
            "FileSystemId": str,
            "FileSystemArn": str,
            "CreationTime": str,
            "LifeCycleState": str,
            "Name": str,
            "NumberOfMountTargets": int,
            "SizeInBytes": dict,
            "PerformanceMode": str,
            "Encrypted": bool,
            "KmsKeyId": str,
            "ThroughputMode": str,
            "Tags": list,
            "FileSystemProtection": dict,
            "MountTargets": list,
            "Arn": str,
        },
    )
    assert regional["Arn"] == regional["FileSystemArn"] and type(regional["SizeInBytes"]["Value"]) is int
    target = regional["MountTargets"][1]
    assert target["VpcId"] == "vpc-0123456789abcdef0" and target["SubnetId"] == "subnet-0ddd3333eeee4444f"
    assert target["SecurityGroups"] == ["sg-0efs000000000001", "sg-0efs000000000002"]
    assert regional["Tags"][0] == {"Key": "Name", "Value": "shared-media"}
    assert (
        one_zone["MountTargets"] == [] and one_zone["AvailabilityZoneName"] == "eu-west-1c" and "Name" not in one_zone
    )


def test_actions_and_permissions():
    assert KIND.actions_for(None) == {MOUNT_TARGETS, SECURITY_GROUPS}
    assert KIND.iam_actions == ("elasticfilesystem:DescribeFileSystems",)
    assert KIND.optional_actions[MOUNT_TARGETS] == ("elasticfilesystem:DescribeMountTargets",)
    assert "elasticfilesystem:DescribeMountTargetSecurityGroups" in KIND.optional_actions[SECURITY_GROUPS]


def test_moto_reads_file_systems_with_their_network(aws):
    session = account_session(ACCOUNT, REGION)
    assert efs.seed(SeedContext(session, ACCOUNT, REGION, "t", 2, TAGS)) == {KIND.kind: 2}
    subnet_id, group_id = efs.default_network(session)
    records = moto_records(KIND, region=REGION)
    assert sorted(r["Properties"]["Name"] for r in records) == ["t-fs-0", "t-fs-1"]
    fs = records[0]["Properties"]
    assert fs["Arn"] == f"arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:file-system/{fs['FileSystemId']}"
    assert (
        fs["Encrypted"] is True
        and fs["NumberOfMountTargets"] == 1
        and {"Key": "team", "Value": "platform"} in fs["Tags"]
    )
    (target,) = fs["MountTargets"]
    assert (
        target["SubnetId"] == subnet_id
        and target["SecurityGroups"] == [group_id]
        and target["VpcId"].startswith("vpc-")
    )
    without_groups = moto_records(KIND, region=REGION, actions=[MOUNT_TARGETS])[0]["Properties"]
    assert "SecurityGroups" not in without_groups["MountTargets"][0]
    assert "MountTargets" not in moto_records(KIND, region=REGION, actions=[])[0]["Properties"]


def test_default_mapping_relates_vpc_subnets_and_security_groups():
    entities = mapped_to_blueprint(KIND, NAME, "awsEfsFileSystem")
    regional, one_zone = entities
    assert regional.identifier == f"arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:file-system/fs-0a1b2c3d4e5f60718"
    assert regional.title == "shared-media"
    assert regional.relations == {
        "account": ACCOUNT,
        "vpc": "vpc-0123456789abcdef0",
        "subnets": ["subnet-0aaa1111bbbb2222c", "subnet-0ddd3333eeee4444f"],
        "securityGroups": ["sg-0efs000000000001", "sg-0efs000000000002"],
    }
    assert one_zone.relations == {"account": ACCOUNT, "vpc": None, "subnets": [], "securityGroups": []}
    assert one_zone.title == "fs-0f9e8d7c6b5a40302" and regional.properties["sizeInBytes"] == 6442450944
    assert regional.properties["tags"] == {"Name": "shared-media", "team": "media"}
