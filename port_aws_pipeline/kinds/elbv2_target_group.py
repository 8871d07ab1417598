"""AWS::ElasticLoadBalancingV2::TargetGroup: DescribeTargetGroups pages, DescribeTags 20 ARNs a call."""

from port_aws_pipeline.kinds.base import ClientProvider, Properties, RawItem, ReadContext, ResourceKind, paginate
from port_aws_pipeline.kinds.elbv2_load_balancer import elbv2_tags


def fetch_target_groups(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    elb = clients.client("elbv2", ctx.region)
    groups = paginate(elb, "describe_target_groups", "TargetGroups")
    if not groups:
        return []
    tags = elbv2_tags(elb, [g["TargetGroupArn"] for g in groups])
    return [{**g, "Tags": tags.get(g["TargetGroupArn"], [])} for g in groups]


def shape_target_group(item: RawItem, ctx: ReadContext) -> Properties:
    return {**item, "Arn": item["TargetGroupArn"]}


KIND = ResourceKind(
    "AWS::ElasticLoadBalancingV2::TargetGroup",
    "elbv2",
    fetch_target_groups,
    shape_target_group,
    iam_actions=("elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTags"),
)
