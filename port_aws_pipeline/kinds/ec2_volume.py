"""AWS::EC2::Volume: DescribeVolumes pages (tags included); DescribeVolumeAttribute per volume when asked.

aws-v3's model keeps every field AWS returns (extra="allow"); `Arn` is added (harmless
there: AWS's own VolumeArn when it sends one, else built) so mappings get a partition-correct identifier.
"""

from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError

from port_aws_pipeline.kinds.base import ClientProvider, Properties, RawItem, ReadContext, ResourceKind, paginate

ATTRIBUTE_ACTION = "DescribeVolumeAttributeAction"
RECOVERABLE = {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "InvalidVolume.NotFound"}


def auto_enable_io(ec2, volume_id: str) -> bool | None:
    try:
        answer = ec2.describe_volume_attribute(VolumeId=volume_id, Attribute="autoEnableIO")
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in RECOVERABLE:
            return None
        raise
    return answer.get("AutoEnableIO", {}).get("Value")


def fetch_volumes(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    ec2 = clients.client("ec2", ctx.region)
    volumes = paginate(ec2, "describe_volumes", "Volumes")
    if ATTRIBUTE_ACTION in ctx.actions and volumes:
        with ThreadPoolExecutor(max_workers=8) as pool:
            flags = list(pool.map(lambda v: auto_enable_io(ec2, v["VolumeId"]), volumes))
        volumes = [{**v, "AutoEnableIO": flag} for v, flag in zip(volumes, flags, strict=True)]
    return volumes


def shape_volume(item: RawItem, ctx: ReadContext) -> Properties:
    built = f"arn:{ctx.partition}:ec2:{ctx.region}:{ctx.account_id}:volume/{item['VolumeId']}"
    return {**item, "Arn": item.get("VolumeArn") or built}


KIND = ResourceKind(
    "AWS::EC2::Volume",
    "ec2",
    fetch_volumes,
    shape_volume,
    iam_actions=("ec2:DescribeVolumes",),
    optional_actions={ATTRIBUTE_ACTION: ("ec2:DescribeVolumeAttribute",)},
)
