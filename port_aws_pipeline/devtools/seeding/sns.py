"""SNS topics with a display name, tagged (moto keeps no signature version or tracing mode)."""

NAME = "sns"


def topic(ctx, i: int) -> dict:
    return {
        "Name": f"{ctx.prefix}-topic-{i}",
        "Attributes": {"DisplayName": f"{ctx.prefix} topic {i}"},
        "Tags": ctx.tags,
    }


def seed(ctx) -> dict[str, int]:
    ctx.create_each("sns", "create_topic", topic)
    return {"AWS::SNS::Topic": ctx.count}
