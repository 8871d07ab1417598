"""AWS::EC2::Volume: DescribeVolumes pages (tags included); DescribeVolumeAttribute per volume when asked.

aws-v3's model keeps every field AWS returns (extra="allow"); `Arn` is added (harmless
there: AWS's own VolumeArn when it sends one, else built) so mappings get a partition-correct identifier.
"""

from port_aws_pipeline.kinds.base import DENIED
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import per_item
from port_aws_pipeline.kinds.base import set_each

ATTRIBUTE_ACTION = "DescribeVolumeAttributeAction"
RECOVERABLE = DENIED | {"UnauthorizedOperation", "InvalidVolume.NotFound"}

IAM_ACTIONS = ("ec2:DescribeVolumes",)
OPTIONAL_ACTIONS = {ATTRIBUTE_ACTION: ("ec2:DescribeVolumeAttribute",)}


def auto_enable_io(ec2, volume: dict) -> bool | None:
    answer = ec2.describe_volume_attribute(VolumeId=volume["VolumeId"], Attribute="autoEnableIO")
    return answer.get("AutoEnableIO", {}).get("Value")


def fetch_volumes(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    ec2 = clients.client("ec2", ctx.region)
    volumes = paginate(ec2, "describe_volumes", "Volumes")
    if ATTRIBUTE_ACTION in ctx.actions and volumes:
        flags = per_item(lambda v: auto_enable_io(ec2, v), volumes, tolerated=RECOVERABLE)
        volumes = set_each(volumes, "AutoEnableIO", flags)
    return volumes


def shape_volume(item: RawItem, ctx: ReadContext) -> Properties:
    built = f"arn:{ctx.partition}:ec2:{ctx.region}:{ctx.account_id}:volume/{item['VolumeId']}"
    return {**item, "Arn": item.get("VolumeArn") or built}


KIND = ResourceKind("AWS::EC2::Volume", "ec2", fetch_volumes, shape_volume, IAM_ACTIONS, OPTIONAL_ACTIONS)
