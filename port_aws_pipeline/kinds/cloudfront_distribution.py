"""AWS::CloudFront::Distribution: global; ListDistributions pages. Tags need one ListTagsForResource per
distribution, so they are the `ListTagsForResourceAction` includeAction (off by default)."""

from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError

from port_aws_pipeline.kinds.base import ClientProvider, Properties, RawItem, ReadContext, ResourceKind
from port_aws_pipeline.kinds.iam_role import SKIPPABLE, error_code, home_region, region_of_arn

LIST_TAGS = "ListTagsForResourceAction"


def distribution_tags(cloudfront, arn: str) -> list[dict] | None:
    try:
        return cloudfront.list_tags_for_resource(Resource=arn).get("Tags", {}).get("Items", [])
    except ClientError as exc:
        if error_code(exc) in SKIPPABLE:
            return None
        raise


def fetch_distributions(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    cloudfront = clients.client("cloudfront", home_region(ctx.partition))
    pages = cloudfront.get_paginator("list_distributions").paginate()
    distributions = [d for page in pages for d in (page.get("DistributionList") or {}).get("Items", [])]
    if LIST_TAGS not in ctx.actions or not distributions:
        return distributions
    with ThreadPoolExecutor(max_workers=8) as pool:
        tags = list(pool.map(lambda d: distribution_tags(cloudfront, d["ARN"]), distributions))
    return [{**d, "Tags": t} for d, t in zip(distributions, tags, strict=True)]


def shape_distribution(item: RawItem, ctx: ReadContext) -> Properties:
    """The DistributionSummary as is, `Arn` beside AWS's `ARN`; `Tags` (`[{Key, Value}]`) only when read."""
    return {**item, "Arn": item["ARN"]}


KIND = ResourceKind(
    "AWS::CloudFront::Distribution",
    "cloudfront",
    fetch_distributions,
    shape_distribution,
    iam_actions=("cloudfront:ListDistributions",),
    optional_actions={LIST_TAGS: ("cloudfront:ListTagsForResource",)},
    default_actions=(),
    is_global=True,
    region_of=lambda item: region_of_arn(item.get("ARN")),
)
