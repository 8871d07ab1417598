"""AWS::EC2::Instance: recorded DescribeInstances items (status merged), moto reads, the default mapping."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import ec2 as ec2_seeder
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.ec2_instance import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import assert_fits_blueprint
from tests.kinds.helpers import assert_types
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import fragment
from tests.kinds.helpers import mapped
from tests.kinds.helpers import moto_records

NAME = "ec2_instance"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "test"}]
#: aws-v3's EC2InstanceProperties (extra="allow": every other AWS field passes through too).
AWS_V3_TYPES = {
    "AmiLaunchIndex": int, "Architecture": str, "AvailabilityZone": str, "BlockDeviceMappings": list, "BootMode": str,
    "CapacityReservationSpecification": dict, "ClientToken": str, "CpuOptions": dict, "CurrentInstanceBootMode": str,
    "EbsOptimized": bool, "EnclaveOptions": dict, "EnaSupport": bool, "Events": list, "HibernationOptions": dict,
    "Hypervisor": str, "ImageId": str, "InstanceArn": str, "InstanceId": str, "InstanceStatus": dict,
    "InstanceState": dict, "InstanceType": str, "KeyName": str, "LaunchTime": str, "MaintenanceOptions": dict,
    "MetadataOptions": dict, "Monitoring": dict, "NetworkInterfaces": list, "NetworkPerformanceOptions": dict,
    "Operator": dict, "Placement": dict, "Platform": str, "PlatformDetails": str, "PrivateDnsName": str,
    "PrivateDnsNameOptions": dict, "PrivateIpAddress": str, "ProductCodes": list, "PublicDnsName": str,
    "PublicIpAddress": str, "Reason": str, "RootDeviceName": str, "RootDeviceType": str, "SecurityGroups": list,
    "SourceDestCheck": bool, "State": dict, "StateReason": dict, "StateTransitionReason": str, "SubnetId": str,
    "SystemStatus": dict, "Tags": list, "UsageOperation": str, "UsageOperationUpdateTime": str,
    "VirtualizationType": str, "VpcId": str,
}  # fmt: skip
STATUS_KEYS = {"InstanceState", "InstanceStatus", "SystemStatus"}


def test_fixture_shapes_instances_as_described_plus_arn():
    shaped = fixture_shapes(KIND, NAME, types=AWS_V3_TYPES, closed=False)
    web, batch = shaped
    for instance in shaped:
        assert instance["Arn"] == f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{instance['InstanceId']}"
        assert STATUS_KEYS <= set(instance)  # DescribeInstanceStatusAction merged the status entry
    assert web["State"] == {"Code": 16, "Name": "running"} and isinstance(web["State"]["Code"], int)
    assert web["Tags"][0] == {"Key": "Name", "Value": "prod-web-1"}  # [{Key, Value}] as aws-v3 gives EC2 tags
    assert web["InstanceStatus"]["Status"] == "ok" and web["Events"][0]["Code"] == "system-reboot"
    assert web["CpuOptions"] == {"CoreCount": 1, "ThreadsPerCore": 2}
    assert "Tags" not in batch and batch["InstanceStatus"] == {"Status": "not-applicable"}


def test_moto_reads_live_instances_with_their_status_merged(aws):
    session = account_session(ACCOUNT, REGION)
    ec2_seeder.seed(SeedContext(session, ACCOUNT, REGION, "t", 2, TAGS))
    ec2 = session.client("ec2")
    gone = ec2.describe_instances(Filters=[{"Name": "tag:Name", "Values": ["t-web-1"]}])["Reservations"][0]
    ec2.terminate_instances(InstanceIds=[gone["Instances"][0]["InstanceId"]])

    records = moto_records(KIND, region=REGION, actions=["DescribeInstanceStatusAction"])
    assert [r["Properties"]["Tags"] for r in records] == [[*TAGS, {"Key": "Name", "Value": "t-web-0"}]]
    for record in records:
        props = record["Properties"]
        assert record["Type"] == "AWS::EC2::Instance" and record["__Region"] == REGION
        assert record["__AccountId"] == ACCOUNT and record["__ExtraContext"] == {"AccountId": ACCOUNT, "Region": REGION}
        assert props["Arn"] == f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{props['InstanceId']}"
        assert props["InstanceType"] == "t3.micro" and props["State"]["Name"] == "running"
        assert {"Key": "team", "Value": "platform"} in props["Tags"]
        assert props["InstanceStatus"]["Status"] == "ok" and props["InstanceState"]["Name"] == "running"
        assert isinstance(props["LaunchTime"], str) and isinstance(props["AmiLaunchIndex"], int)
        assert_types(props, AWS_V3_TYPES, closed=False)


class CannedEc2:
    """A ClientProvider whose EC2 client answers paginated calls from canned pages and records them."""

    account_id, partition = ACCOUNT, "aws"

    def __init__(self, pages: dict[str, list[dict]]):
        self.pages, self.calls = pages, []

    def client(self, service, region):
        canned = self

        class Client:
            def get_paginator(self, name):
                canned.calls.append(name)
                return type("Paginator", (), {"paginate": lambda self, **kwargs: iter(canned.pages[name])})()

        return Client()


def test_status_is_read_once_per_region_and_only_when_asked():
    running = {"InstanceId": "i-1", "State": {"Code": 16, "Name": "running"}}
    gone = {"InstanceId": "i-2", "State": {"Code": 48, "Name": "terminated"}}
    status = {"InstanceId": "i-1", "InstanceState": {"Code": 16, "Name": "running"}, "InstanceStatus": {"Status": "ok"}}
    pages = {
        "describe_instances": [{"Reservations": [{"Instances": [running]}]}, {"Reservations": [{"Instances": [gone]}]}],
        "describe_instance_status": [{"InstanceStatuses": [status]}],
    }
    plain = CannedEc2(pages)
    assert KIND.fetch(plain, ReadContext(ACCOUNT, REGION, "aws", (REGION,))) == [running]
    assert plain.calls == ["describe_instances"]
    asked = CannedEc2(pages)
    ctx = ReadContext(ACCOUNT, REGION, "aws", (REGION,), KIND.actions_for(["DescribeInstanceStatusAction"]))
    assert KIND.fetch(asked, ctx) == [{**running, **status}]
    assert asked.calls == ["describe_instances", "describe_instance_status"]


def test_default_mapping_relates_instances_to_network_and_account():
    entities = mapped(KIND, NAME)
    web, batch = entities
    assert web.identifier == f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/i-0a1b2c3d4e5f67890"
    assert web.title == "prod-web-1" and batch.title == "i-0fedcba9876543210"
    assert web.relations == {
        "account": ACCOUNT,
        "vpc": "vpc-0123456789abcdef0",
        "subnets": ["subnet-0aaa1111bbbb2222c"],
        "securityGroups": ["sg-0ssh0000000000002", "sg-0web0000000000001"],
    }
    assert batch.relations["securityGroups"] == ["sg-0batch00000000003"]
    assert web.properties["tags"] == {"Name": "prod-web-1", "team": "platform", "env": "prod"}
    assert batch.properties["tags"] == {}
    assert web.properties["state"] == "running" and batch.properties["state"] == "stopped"
    assert web.properties["region"] == REGION and web.properties["availabilityZone"] == "eu-west-1a"
    assert web.properties["launchTime"] == "2024-03-15T08:30:00+00:00"
    assert batch.properties["publicIpAddress"] is None and batch.properties["architecture"] == "arm64"
    for entity in entities:
        assert_fits_blueprint(entity, fragment(NAME)["blueprints"][0])
