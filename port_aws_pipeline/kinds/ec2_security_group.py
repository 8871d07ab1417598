"""AWS::EC2::SecurityGroup: one paginated DescribeSecurityGroups per region, rules and tags included."""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.ec2_vpc import owned

IAM_ACTIONS = ("ec2:DescribeSecurityGroups",)


def fetch_security_groups(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    groups = paginate(clients.client("ec2", ctx.region), "describe_security_groups", "SecurityGroups")
    return owned(groups, ctx.account_id)


def shape_security_group(item: RawItem, ctx: ReadContext) -> Properties:
    owner = item.get("OwnerId") or ctx.account_id
    arn = (
        item.get("SecurityGroupArn") or f"arn:{ctx.partition}:ec2:{ctx.region}:{owner}:security-group/{item['GroupId']}"
    )
    return {**item, "Arn": arn, "Tags": item.get("Tags", [])}


KIND = ResourceKind("AWS::EC2::SecurityGroup", "ec2", fetch_security_groups, shape_security_group, IAM_ACTIONS)
