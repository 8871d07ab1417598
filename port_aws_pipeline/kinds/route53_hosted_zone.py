"""AWS::Route53::HostedZone: global; ListHostedZones pages, ListTagsForResources 10 zones a call."""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import by_id_in_batches
from port_aws_pipeline.kinds.base import home_region
from port_aws_pipeline.kinds.base import paginate

#: ListTagsForResources takes at most 10 ids.
TAGS_BATCH = 10
GONE = {"NoSuchHostedZone"}

IAM_ACTIONS = ("route53:ListHostedZones", "route53:ListTagsForResources")


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


# A zone carries no ARN or region; Route 53 is served from us-east-1 (see the report for other partitions).
KIND = ResourceKind(
    "AWS::Route53::HostedZone",
    "route53",
    fetch_zones,
    shape_zone,
    IAM_ACTIONS,
    is_global=True,
    region_of=lambda item: "us-east-1",
)
