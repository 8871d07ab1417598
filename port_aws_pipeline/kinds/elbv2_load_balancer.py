"""AWS::ElasticLoadBalancingV2::LoadBalancer: DescribeLoadBalancers pages, one DescribeTargetGroups listing per
region for the target groups each load balancer forwards to, DescribeTags 20 ARNs a call."""

from botocore.exceptions import ClientError

from port_aws_pipeline.kinds.base import (
    ClientProvider,
    Properties,
    RawItem,
    ReadContext,
    ResourceKind,
    chunks,
    paginate,
)

#: DescribeTags takes at most 20 ARNs.
TAGS_BATCH = 20
GONE = {"LoadBalancerNotFound", "TargetGroupNotFound", "LoadBalancerNotFoundException", "TargetGroupNotFoundException"}


def _describe_tags(elb, arns: list[str]) -> dict[str, list[dict] | None]:
    try:
        return {
            d["ResourceArn"]: d.get("Tags", []) for d in elb.describe_tags(ResourceArns=arns).get("TagDescriptions", [])
        }
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") not in GONE:
            raise
        if len(arns) == 1:
            return {arns[0]: None}
        found: dict[str, list[dict] | None] = {}
        for arn in arns:
            found.update(_describe_tags(elb, [arn]))
        return found


def elbv2_tags(elb, arns: list[str]) -> dict[str, list[dict] | None]:
    """Tags by ARN, 20 a call; a batch naming one deleted meanwhile is retried one ARN at a time (that one: None)."""
    tags: dict[str, list[dict] | None] = {}
    for batch in chunks(arns, TAGS_BATCH):
        tags.update(_describe_tags(elb, batch))
    return tags


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


def shape_load_balancer(item: RawItem, ctx: ReadContext) -> Properties:
    return {**item, "Arn": item["LoadBalancerArn"]}


KIND = ResourceKind(
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "elbv2",
    fetch_load_balancers,
    shape_load_balancer,
    iam_actions=(
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTags",
    ),
)
