"""CloudFront distributions in front of an S3 origin, tagged (global: created once per account, from us-east-1)."""

NAME = "cloudfront"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"


def distribution(ctx, i: int) -> dict:
    origin = f"{ctx.prefix}-site-{i}-{ctx.account_id}.s3.amazonaws.com"
    config = {
        "CallerReference": f"{ctx.prefix}-{ctx.account_id}-{i}",
        "Comment": f"{ctx.prefix} site {i}",
        "Enabled": True,
        "Origins": {
            "Quantity": 1,
            "Items": [{"Id": "site", "DomainName": origin, "S3OriginConfig": {"OriginAccessIdentity": ""}}],
        },
        "DefaultCacheBehavior": {
            "TargetOriginId": "site",
            "ViewerProtocolPolicy": "redirect-to-https",
            "CachePolicyId": CACHING_OPTIMIZED,
        },
    }
    return {"DistributionConfigWithTags": {"DistributionConfig": config, "Tags": {"Items": ctx.tags}}}


def seed(ctx) -> dict[str, int]:
    if not ctx.holds_global:
        return {}
    ctx.create_each("cloudfront", "create_distribution_with_tags", distribution)
    return {"AWS::CloudFront::Distribution": ctx.count}
