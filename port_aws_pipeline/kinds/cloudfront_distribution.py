"""AWS::CloudFront::Distribution: global; ListDistributions pages. Tags need one ListTagsForResource per
distribution, so they are the `ListTagsForResourceAction` includeAction (off by default).

Properties: the DistributionSummary as is, `Arn` beside AWS's `ARN`; `Tags` (`[{Key, Value}]`) only when read.
"""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import home_region
from port_aws_pipeline.kinds.base import per_item
from port_aws_pipeline.kinds.base import region_of_arn
from port_aws_pipeline.kinds.base import set_each
from port_aws_pipeline.kinds.base import with_arn
from port_aws_pipeline.kinds.iam_role import SKIPPABLE

LIST_TAGS = "ListTagsForResourceAction"

IAM_ACTIONS = ("cloudfront:ListDistributions",)
OPTIONAL_ACTIONS = {LIST_TAGS: ("cloudfront:ListTagsForResource",)}


def distribution_tags(cloudfront, distribution: dict) -> list[dict]:
    return cloudfront.list_tags_for_resource(Resource=distribution["ARN"]).get("Tags", {}).get("Items", [])


def fetch_distributions(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    cloudfront = clients.client("cloudfront", home_region(ctx.partition))
    pages = cloudfront.get_paginator("list_distributions").paginate()
    distributions = [d for page in pages for d in (page.get("DistributionList") or {}).get("Items", [])]
    if LIST_TAGS not in ctx.actions:
        return distributions
    tags = per_item(lambda d: distribution_tags(cloudfront, d), distributions, tolerated=SKIPPABLE)
    return set_each(distributions, "Tags", tags)


KIND = ResourceKind(
    "AWS::CloudFront::Distribution",
    "cloudfront",
    fetch_distributions,
    with_arn("ARN", tags=False),
    IAM_ACTIONS,
    OPTIONAL_ACTIONS,
    is_global=True,
    region_of=lambda item: region_of_arn(item.get("ARN")),
)
