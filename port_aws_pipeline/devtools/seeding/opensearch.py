"""OpenSearch domains in the default VPC's first subnet, tagged."""

from port_aws_pipeline.devtools.seeding.efs import default_network

NAME = "opensearch"


def seed(ctx) -> dict[str, int]:
    opensearch = ctx.session.client("opensearch")
    subnet_id, group_id = default_network(ctx.session)
    for i in range(ctx.count):
        name = f"{ctx.prefix.lower()[:16]}-search-{i}"  # 3-28 lowercase characters
        opensearch.create_domain(
            DomainName=name,
            EngineVersion="OpenSearch_2.11",
            VPCOptions={"SubnetIds": [subnet_id], "SecurityGroupIds": [group_id]},
            TagList=ctx.tags,
        )
    return {"AWS::OpenSearchService::Domain": ctx.count}
