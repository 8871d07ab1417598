"""AWS::OpenSearchService::Domain: ListDomainNames (one call, both engines), DescribeDomains 5 names at a time,
tags for the region in one tagging-API listing.

Properties: the DomainStatus (AWS's PascalCase keys; `VPCOptions` gives VPC, subnets and security groups of
VPC domains), plus `Arn` and `Tags` [{Key, Value}].
"""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import batch_described
from port_aws_pipeline.kinds.base import with_arn
from port_aws_pipeline.kinds.base import with_region_tags

DESCRIBE_BATCH = 5  # DescribeDomains' limit

IAM_ACTIONS = ("es:ListDomainNames", "es:DescribeDomains", "tag:GetResources")


def fetch_domains(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    opensearch = clients.client("opensearch", ctx.region)
    names = [d["DomainName"] for d in opensearch.list_domain_names().get("DomainNames", [])]
    domains = batch_described(opensearch.describe_domains, {"DomainNames": names}, DESCRIBE_BATCH, "DomainStatusList")
    return with_region_tags(clients, ctx.region, "es:domain", domains, "ARN")


KIND = ResourceKind("AWS::OpenSearchService::Domain", "opensearch", fetch_domains, with_arn("ARN"), IAM_ACTIONS)
