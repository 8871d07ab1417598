"""IAM roles, tagged (global: created once per account, from us-east-1)."""

NAME = "iam"
TRUST = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},'
    '"Action":"sts:AssumeRole"}]}'
)


def role(ctx, i: int) -> dict:
    return {
        "RoleName": f"{ctx.prefix}-role-{i}",
        "Path": f"/{ctx.prefix}/",
        "AssumeRolePolicyDocument": TRUST,
        "Description": "demo task role",
        "MaxSessionDuration": 3600,
        "Tags": ctx.tags,
    }


def seed(ctx) -> dict[str, int]:
    if not ctx.holds_global:
        return {}
    ctx.create_each("iam", "create_role", role)
    return {"AWS::IAM::Role": ctx.count}
