"""ECS clusters with AWS's lowercase tags."""

NAME = "ecs"


def seed(ctx) -> dict[str, int]:
    ecs = ctx.session.client("ecs")
    for i in range(ctx.count):
        ecs.create_cluster(clusterName=f"{ctx.prefix}-cluster-{i}", tags=[{"key": t["Key"], "value": t["Value"]} for t in ctx.tags])
    return {"AWS::ECS::Cluster": ctx.count}
