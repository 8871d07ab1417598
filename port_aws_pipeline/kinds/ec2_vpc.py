"""AWS::EC2::VPC: one paginated DescribeVpcs per region, tags included.

VPCs shared into this account (RAM) are left to their owner's account, so a VPC id is
never synced from two accounts at once.
"""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import paginate

IAM_ACTIONS = ("ec2:DescribeVpcs",)


def owned(items: list[RawItem], account_id: str) -> list[RawItem]:
    """Only what this account owns (DescribeVpcs / DescribeSubnets also list what others share in)."""
    return [i for i in items if i.get("OwnerId", account_id) == account_id]


def fetch_vpcs(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    return owned(paginate(clients.client("ec2", ctx.region), "describe_vpcs", "Vpcs"), ctx.account_id)


def shape_vpc(item: RawItem, ctx: ReadContext) -> Properties:
    owner = item.get("OwnerId") or ctx.account_id
    arn = f"arn:{ctx.partition}:ec2:{ctx.region}:{owner}:vpc/{item['VpcId']}"
    return {**item, "Arn": arn, "Tags": item.get("Tags", [])}


KIND = ResourceKind("AWS::EC2::VPC", "ec2", fetch_vpcs, shape_vpc, IAM_ACTIONS)
