"""IAM roles, tagged (global: created once per account, from us-east-1)."""

NAME = "iam"
TRUST = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},'
    '"Action":"sts:AssumeRole"}]}'
)


def seed(ctx) -> dict[str, int]:
    if ctx.region != "us-east-1":
        return {}
    iam = ctx.session.client("iam")
    for i in range(ctx.count):
        iam.create_role(
            RoleName=f"{ctx.prefix}-role-{i}",
            Path=f"/{ctx.prefix}/",
            AssumeRolePolicyDocument=TRUST,
            Description="demo task role",
            MaxSessionDuration=3600,
            Tags=ctx.tags,
        )
    return {"AWS::IAM::Role": ctx.count}
