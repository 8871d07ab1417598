"""Public Route 53 hosted zones, tagged (global: created once per account, from us-east-1)."""

NAME = "route53"


def zone(ctx, i: int) -> dict:
    name = f"{ctx.prefix}-{i}.{ctx.account_id}.example.com"
    return {
        "Name": name,
        "CallerReference": f"{ctx.account_id}-{name}",
        "HostedZoneConfig": {"Comment": "demo zone", "PrivateZone": False},
    }


def seed(ctx) -> dict[str, int]:
    if not ctx.holds_global:
        return {}
    route53 = ctx.session.client("route53")
    for created in ctx.create_each("route53", "create_hosted_zone", zone):
        if ctx.tags:  # a zone is tagged only once it exists
            zone_id = created["HostedZone"]["Id"].rsplit("/", 1)[-1]
            route53.change_tags_for_resource(ResourceType="hostedzone", ResourceId=zone_id, AddTags=ctx.tags)
    return {"AWS::Route53::HostedZone": ctx.count}
