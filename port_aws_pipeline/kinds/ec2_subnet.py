"""AWS::EC2::Subnet: one paginated DescribeSubnets per region, tags included; subnets shared in are their owner's."""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.ec2_vpc import owned

IAM_ACTIONS = ("ec2:DescribeSubnets",)


def fetch_subnets(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    return owned(paginate(clients.client("ec2", ctx.region), "describe_subnets", "Subnets"), ctx.account_id)


def shape_subnet(item: RawItem, ctx: ReadContext) -> Properties:
    owner = item.get("OwnerId") or ctx.account_id
    arn = item.get("SubnetArn") or f"arn:{ctx.partition}:ec2:{ctx.region}:{owner}:subnet/{item['SubnetId']}"
    return {**item, "Arn": arn, "Tags": item.get("Tags", [])}


KIND = ResourceKind("AWS::EC2::Subnet", "ec2", fetch_subnets, shape_subnet, IAM_ACTIONS)
