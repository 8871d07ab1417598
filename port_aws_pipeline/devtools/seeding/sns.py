"""SNS topics, tagged."""

NAME = "sns"


def seed(ctx) -> dict[str, int]:
    sns = ctx.session.client("sns")
    for i in range(ctx.count):
        sns.create_topic(Name=f"{ctx.prefix}-topic-{i}", Tags=ctx.tags)
    return {"AWS::SNS::Topic": ctx.count}
