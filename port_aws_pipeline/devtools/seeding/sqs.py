"""SQS queues, tagged."""

NAME = "sqs"


def seed(ctx) -> dict[str, int]:
    sqs = ctx.session.client("sqs")
    for i in range(ctx.count):
        sqs.create_queue(QueueName=f"{ctx.prefix}-queue-{i}", tags=ctx.tag_map)
    return {"AWS::SQS::Queue": ctx.count}
