"""EKS clusters in the region's default VPC (moto needs no real role or nodes)."""

from port_aws_pipeline.devtools.seeding.ecs import default_network

NAME = "eks"


def seed(ctx) -> dict[str, int]:
    eks = ctx.session.client("eks")
    subnets, groups = default_network(ctx.session) if ctx.count else ([], [])
    for i in range(ctx.count):
        eks.create_cluster(
            name=f"{ctx.prefix}-k8s-{i}",
            version="1.31",
            roleArn=f"arn:aws:iam::{ctx.account_id}:role/{ctx.prefix}-eks-cluster",
            resourcesVpcConfig={"subnetIds": subnets, "securityGroupIds": groups},
            tags=ctx.tag_map,
        )
    return {"AWS::EKS::Cluster": ctx.count}
