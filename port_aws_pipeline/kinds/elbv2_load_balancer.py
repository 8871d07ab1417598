"""AWS::ElasticLoadBalancingV2::LoadBalancer: DescribeLoadBalancers pages, one DescribeTargetGroups listing per
region for the target groups each load balancer forwards to, DescribeTags 20 ARNs a call."""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import by_id_in_batches
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import with_arn

#: DescribeTags takes at most 20 ARNs.
TAGS_BATCH = 20
GONE = {"LoadBalancerNotFound", "TargetGroupNotFound", "LoadBalancerNotFoundException", "TargetGroupNotFoundException"}

IAM_ACTIONS = (
    "elasticloadbalancing:DescribeLoadBalancers",
    "elasticloadbalancing:DescribeTargetGroups",
    "elasticloadbalancing:DescribeTags",
)


def _describe_tags(elb, arns: list[str]) -> dict[str, list[dict]]:
    descriptions = elb.describe_tags(ResourceArns=arns).get("TagDescriptions", [])
    return {d["ResourceArn"]: d.get("Tags", []) for d in descriptions}


def elbv2_tags(elb, arns: list[str]) -> dict[str, list[dict] | None]:
    """Tags by ARN, 20 a call; a batch naming one deleted meanwhile is retried one ARN at a time (that one: None)."""
    return by_id_in_batches(lambda batch: _describe_tags(elb, batch), arns, TAGS_BATCH, GONE)


def fetch_load_balancers(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    elb = clients.client("elbv2", ctx.region)
    balancers = paginate(elb, "describe_load_balancers", "LoadBalancers")
    if not balancers:
        return []
    groups_of: dict[str, list[str]] = {}
    for group in paginate(elb, "describe_target_groups", "TargetGroups"):
        for arn in group.get("LoadBalancerArns") or []:
            groups_of.setdefault(arn, []).append(group["TargetGroupArn"])
    tags = elbv2_tags(elb, [b["LoadBalancerArn"] for b in balancers])
    return [
        {**b, "TargetGroupArns": groups_of.get(b["LoadBalancerArn"], []), "Tags": tags.get(b["LoadBalancerArn"], [])}
        for b in balancers
    ]


KIND = ResourceKind(
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "elbv2",
    fetch_load_balancers,
    with_arn("LoadBalancerArn", tags=False),
    IAM_ACTIONS,
)
