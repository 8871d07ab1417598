"""ECR repositories, tagged, scan on push."""

NAME = "ecr"


def seed(ctx) -> dict[str, int]:
    ecr = ctx.session.client("ecr")
    for i in range(ctx.count):
        ecr.create_repository(
            repositoryName=f"{ctx.prefix}/app-{i}",
            tags=ctx.tags,
            imageScanningConfiguration={"scanOnPush": True},
            imageTagMutability="IMMUTABLE" if i % 2 else "MUTABLE",
        )
    return {"AWS::ECR::Repository": ctx.count}
