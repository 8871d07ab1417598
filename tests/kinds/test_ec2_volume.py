"""AWS::EC2::Volume: recorded DescribeVolumes items (AutoEnableIO merged), moto reads, the default mapping."""

import pytest
from botocore.exceptions import ClientError

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import ec2 as ec2_seeder
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.ec2_volume import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import Intercepted
from tests.kinds.helpers import assert_fits_blueprint
from tests.kinds.helpers import assert_types
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import fragment
from tests.kinds.helpers import mapped
from tests.kinds.helpers import moto_clients
from tests.kinds.helpers import moto_records

NAME = "ec2_volume"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "test"}]
#: aws-v3's EbsVolumeProperties (extra="allow": every other AWS field passes through too).
AWS_V3_TYPES = {
    "VolumeId": str, "VolumeType": str, "Size": int, "Iops": int, "Throughput": int, "AvailabilityZone": str,
    "State": str, "CreateTime": str, "Tags": list, "Encrypted": bool, "SnapshotId": str, "Attachments": list,
    "MultiAttachEnabled": bool, "KmsKeyId": str, "AutoEnableIO": bool,
}  # fmt: skip


def test_fixture_shapes_volumes_as_described_plus_arn():
    shaped = fixture_shapes(KIND, NAME, types=AWS_V3_TYPES, closed=False)
    root, scratch = shaped
    for volume in shaped:
        assert volume["Arn"] == f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/{volume['VolumeId']}"
    assert root["Size"] == 20 and root["Iops"] == 3000 and root["Throughput"] == 125
    assert root["Tags"][0] == {"Key": "Name", "Value": "prod-web-1-root"}
    assert root["AutoEnableIO"] is False and root["Encrypted"] is True
    assert root["Attachments"][0]["InstanceId"] == "i-0a1b2c3d4e5f67890"
    assert scratch["AutoEnableIO"] is None and "Tags" not in scratch  # attribute denied for this volume; no tags


def test_moto_reads_seeded_and_root_volumes_with_tags(aws):
    session = account_session(ACCOUNT, REGION)
    ec2_seeder.seed(SeedContext(session, ACCOUNT, REGION, "t", 2, TAGS))
    records = moto_records(KIND, region=REGION)
    assert len(records) == 4  # two created, two root volumes of the seeded instances
    instances = {
        i["InstanceId"] for r in session.client("ec2").describe_instances()["Reservations"] for i in r["Instances"]
    }
    roots = [r["Properties"] for r in records if r["Properties"]["Attachments"]]
    data = sorted((r["Properties"] for r in records if not r["Properties"]["Attachments"]), key=lambda p: p["Size"])
    assert {p["Attachments"][0]["InstanceId"] for p in roots} == instances
    assert [p["Size"] for p in data] == [8, 16] and {p["VolumeType"] for p in data} == {"gp3"}
    assert {"Key": "Name", "Value": "t-data-0"} in data[0]["Tags"] and {"Key": "team", "Value": "platform"} in data[0][
        "Tags"
    ]
    for record in records:
        props = record["Properties"]
        assert (
            record["Type"] == "AWS::EC2::Volume" and record["__Region"] == REGION and record["__AccountId"] == ACCOUNT
        )
        assert props["Arn"] == f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/{props['VolumeId']}"
        assert isinstance(props["CreateTime"], str) and "AutoEnableIO" not in props
        assert_types(props, AWS_V3_TYPES, closed=False)


def test_volume_attribute_action_merges_auto_enable_io_and_nulls_a_denied_volume(aws):
    # moto answers DescribeVolumeAttribute(autoEnableIO) with HTTP 500: its answers are stood in here.
    session = account_session(ACCOUNT, REGION)
    ec2_seeder.seed(SeedContext(session, ACCOUNT, REGION, "t", 1, TAGS))
    volumes = sorted(v["VolumeId"] for v in session.client("ec2").describe_volumes()["Volumes"])

    def answer(method, kwargs):
        if method != "describe_volume_attribute":
            return None
        if kwargs["VolumeId"] == volumes[0]:
            return "UnauthorizedOperation"
        return {"VolumeId": kwargs["VolumeId"], "AutoEnableIO": {"Value": True}}

    ctx = ReadContext(ACCOUNT, REGION, "aws", (REGION,), KIND.actions_for(["DescribeVolumeAttributeAction"]))
    shaped = {
        v["VolumeId"]: KIND.shape(v, ctx) for v in KIND.fetch(Intercepted(moto_clients(region=REGION), answer), ctx)
    }
    assert shaped[volumes[0]]["AutoEnableIO"] is None and shaped[volumes[1]]["AutoEnableIO"] is True

    def throttled(method, kwargs):
        return "RequestLimitExceeded" if method == "describe_volume_attribute" else None

    with pytest.raises(ClientError, match="RequestLimitExceeded"):
        KIND.fetch(Intercepted(moto_clients(region=REGION), throttled), ctx)


def test_default_mapping_relates_volumes_to_their_instances():
    entities = mapped(KIND, NAME)
    root, scratch = entities
    assert root.identifier == f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/vol-0123456789abcdef0"
    assert root.title == "prod-web-1-root" and scratch.title == "vol-0aaaabbbbccccdddd"
    assert root.relations == {
        "account": ACCOUNT,
        "instances": [f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/i-0a1b2c3d4e5f67890"],
    }
    assert scratch.relations == {"account": ACCOUNT, "instances": []}
    assert root.properties["size"] == 20 and root.properties["encrypted"] is True
    assert root.properties["autoEnableIO"] is False and scratch.properties["autoEnableIO"] is None
    assert root.properties["tags"] == {"Name": "prod-web-1-root", "team": "platform"}
    assert scratch.properties["tags"] == {} and root.properties["region"] == REGION
    assert scratch.properties["multiAttachEnabled"] is True
    for entity in entities:
        assert_fits_blueprint(entity, fragment(NAME)["blueprints"][0])
