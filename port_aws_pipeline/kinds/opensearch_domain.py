"""AWS::OpenSearchService::Domain: ListDomainNames (one call, both engines), DescribeDomains 5 names at a time,
tags for the region in one tagging-API listing.

Properties: the DomainStatus (AWS's PascalCase keys; `VPCOptions` gives VPC, subnets and security groups of
VPC domains), plus `Arn` and `Tags` [{Key, Value}].
"""

from port_aws_pipeline.kinds.base import (
    ClientProvider,
    Properties,
    RawItem,
    ReadContext,
    ResourceKind,
    chunks,
    tags_by_arn,
)

DESCRIBE_BATCH = 5  # DescribeDomains' limit


def fetch_domains(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    opensearch = clients.client("opensearch", ctx.region)
    names = [d["DomainName"] for d in opensearch.list_domain_names().get("DomainNames", [])]
    domains: list[dict] = []
    for batch in chunks(names, DESCRIBE_BATCH):
        domains += opensearch.describe_domains(DomainNames=batch).get("DomainStatusList", [])
    if not domains:
        return []
    tags = tags_by_arn(clients, ctx.region, "es:domain")
    return [{**d, "Tags": tags.get(d["ARN"], [])} for d in domains]


def shape_domain(item: RawItem, ctx: ReadContext) -> Properties:
    return {**item, "Arn": item["ARN"], "Tags": item.get("Tags") or []}


KIND = ResourceKind(
    "AWS::OpenSearchService::Domain",
    "opensearch",
    fetch_domains,
    shape_domain,
    iam_actions=("es:ListDomainNames", "es:DescribeDomains", "tag:GetResources"),
)
