"""SQS FIFO queues (content-based deduplication, per-message-group throughput), tagged, KMS-encrypted, with an
access policy and a redrive policy to one FIFO dead-letter queue, which allows redrive from any queue.

A seeded region holds `count` FIFO queues and their dead-letter queue: the attributes only FIFO queues and
dead-letter queues have, which the `sqs` seeder's standard queues never show.
"""

import json

from port_aws_pipeline.devtools.seeding.sqs import KMS
from port_aws_pipeline.devtools.seeding.sqs import access_policy

NAME = "sqs_fifo"
FIFO = {
    "FifoQueue": "true",
    "ContentBasedDeduplication": "true",
    "DeduplicationScope": "messageGroup",
    "FifoThroughputLimit": "perMessageGroupId",
}


def _queue(sqs, name: str, attributes: dict, ctx) -> str:
    """The new queue's ARN."""
    url = sqs.create_queue(QueueName=name, Attributes={**FIFO, **KMS, **attributes}, tags=ctx.tag_map)["QueueUrl"]
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def seed(ctx) -> dict[str, int]:
    if not ctx.count:
        return {"AWS::SQS::Queue": 0}
    sqs = ctx.session.client("sqs")
    allow_all = json.dumps({"redrivePermission": "allowAll"})
    dead_letters = _queue(sqs, f"{ctx.prefix}-dead-letters.fifo", {"RedriveAllowPolicy": allow_all}, ctx)
    redrive = json.dumps({"deadLetterTargetArn": dead_letters, "maxReceiveCount": 3})
    for i in range(ctx.count):
        name = f"{ctx.prefix}-orders-{i}.fifo"
        _queue(sqs, name, {"Policy": access_policy(ctx, name), "RedrivePolicy": redrive}, ctx)
    return {"AWS::SQS::Queue": ctx.count + 1}
