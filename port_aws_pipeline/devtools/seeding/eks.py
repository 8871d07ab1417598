"""EKS clusters in the region's default VPC (moto needs no real role or nodes)."""

from port_aws_pipeline.devtools.seeding import default_network

NAME = "eks"


def seed(ctx) -> dict[str, int]:
    eks = ctx.session.client("eks")
    network = default_network(ctx.session) if ctx.count else None
    for i in range(ctx.count):
        eks.create_cluster(
            name=f"{ctx.prefix}-k8s-{i}",
            version="1.31",
            roleArn=f"arn:aws:iam::{ctx.account_id}:role/{ctx.prefix}-eks-cluster",
            resourcesVpcConfig={"subnetIds": network.subnet_ids[:2], "securityGroupIds": [network.group_id]},
            tags=ctx.tag_map,
        )
    return {"AWS::EKS::Cluster": ctx.count}
