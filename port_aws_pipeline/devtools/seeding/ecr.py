"""ECR repositories, tagged, scan on push; odd ones with immutable tags."""

NAME = "ecr"


def repository(ctx, i: int) -> dict:
    return {
        "repositoryName": f"{ctx.prefix}/app-{i}",
        "tags": ctx.tags,
        "imageScanningConfiguration": {"scanOnPush": True},
        "imageTagMutability": "IMMUTABLE" if i % 2 else "MUTABLE",
    }


def seed(ctx) -> dict[str, int]:
    ctx.create_each("ecr", "create_repository", repository)
    return {"AWS::ECR::Repository": ctx.count}
