"""AWS::ElasticLoadBalancingV2::TargetGroup: DescribeTargetGroups pages, DescribeTags 20 ARNs a call."""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import with_arn
from port_aws_pipeline.kinds.elbv2_load_balancer import elbv2_tags

IAM_ACTIONS = ("elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTags")


def fetch_target_groups(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    elb = clients.client("elbv2", ctx.region)
    groups = paginate(elb, "describe_target_groups", "TargetGroups")
    if not groups:
        return []
    tags = elbv2_tags(elb, [g["TargetGroupArn"] for g in groups])
    return [{**g, "Tags": tags.get(g["TargetGroupArn"], [])} for g in groups]


KIND = ResourceKind(
    "AWS::ElasticLoadBalancingV2::TargetGroup",
    "elbv2",
    fetch_target_groups,
    with_arn("TargetGroupArn", tags=False),
    IAM_ACTIONS,
)
