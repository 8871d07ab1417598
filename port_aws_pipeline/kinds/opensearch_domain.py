"""AWS::OpenSearchService::Domain: ListDomainNames (one call, both engines), DescribeDomains 5 names at a time,
tags for the region in one tagging-API listing.

Properties: the DomainStatus (AWS's PascalCase keys; `VPCOptions` gives VPC, subnets and security groups of
VPC domains), plus `Arn` and `Tags` [{Key, Value}].
"""

from port_aws_pipeline.kinds.base import (
    ClientProvider,
    RawItem,
    ReadContext,
    ResourceKind,
    chunks,
    with_arn,
    with_region_tags,
)

DESCRIBE_BATCH = 5  # DescribeDomains' limit


def fetch_domains(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    opensearch = clients.client("opensearch", ctx.region)
    names = [d["DomainName"] for d in opensearch.list_domain_names().get("DomainNames", [])]
    domains: list[dict] = []
    for batch in chunks(names, DESCRIBE_BATCH):
        domains += opensearch.describe_domains(DomainNames=batch).get("DomainStatusList", [])
    return with_region_tags(clients, ctx.region, "es:domain", domains, "ARN")


KIND = ResourceKind(
    "AWS::OpenSearchService::Domain",
    "opensearch",
    fetch_domains,
    with_arn("ARN"),
    iam_actions=("es:ListDomainNames", "es:DescribeDomains", "tag:GetResources"),
)
