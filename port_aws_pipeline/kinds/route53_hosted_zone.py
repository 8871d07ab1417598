"""AWS::Route53::HostedZone: global; ListHostedZones pages, ListTagsForResources 10 zones a call."""

from port_aws_pipeline.kinds.base import (
    ClientProvider,
    Properties,
    RawItem,
    ReadContext,
    ResourceKind,
    by_id_in_batches,
    home_region,
    paginate,
)

#: ListTagsForResources takes at most 10 ids.
TAGS_BATCH = 10
GONE = {"NoSuchHostedZone"}


def zone_id(zone: RawItem) -> str:
    """`/hostedzone/Z123` -> `Z123` (the id the tagging calls and the ARN use)."""
    return zone["Id"].rsplit("/", 1)[-1]


def _zone_tags(route53, ids: list[str]) -> dict[str, list[dict]]:
    sets = route53.list_tags_for_resources(ResourceType="hostedzone", ResourceIds=ids).get("ResourceTagSets", [])
    return {s["ResourceId"]: s.get("Tags", []) for s in sets}


def fetch_zones(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    route53 = clients.client("route53", home_region(ctx.partition))
    zones = paginate(route53, "list_hosted_zones", "HostedZones")
    tags = by_id_in_batches(lambda ids: _zone_tags(route53, ids), [zone_id(z) for z in zones], TAGS_BATCH, GONE)
    return [{**z, "Tags": tags.get(zone_id(z), [])} for z in zones]


def shape_zone(item: RawItem, ctx: ReadContext) -> Properties:
    return {**item, "Arn": f"arn:{ctx.partition}:route53:::hostedzone/{zone_id(item)}"}


KIND = ResourceKind(
    "AWS::Route53::HostedZone",
    "route53",
    fetch_zones,
    shape_zone,
    iam_actions=("route53:ListHostedZones", "route53:ListTagsForResources"),
    is_global=True,
    # A zone carries no ARN or region; Route 53 is served from us-east-1 (see the report for other partitions).
    region_of=lambda item: "us-east-1",
)
