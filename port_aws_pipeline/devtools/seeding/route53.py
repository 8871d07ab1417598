"""Public Route 53 hosted zones, tagged (global: created once per account, from us-east-1)."""

NAME = "route53"


def seed(ctx) -> dict[str, int]:
    if ctx.region != "us-east-1":
        return {}
    route53 = ctx.session.client("route53")
    for i in range(ctx.count):
        name = f"{ctx.prefix}-{i}.{ctx.account_id}.example.com"
        zone = route53.create_hosted_zone(
            Name=name,
            CallerReference=f"{ctx.account_id}-{name}",
            HostedZoneConfig={"Comment": "demo zone", "PrivateZone": False},
        )
        if ctx.tags:
            zone_id = zone["HostedZone"]["Id"].rsplit("/", 1)[-1]
            route53.change_tags_for_resource(ResourceType="hostedzone", ResourceId=zone_id, AddTags=ctx.tags)
    return {"AWS::Route53::HostedZone": ctx.count}
