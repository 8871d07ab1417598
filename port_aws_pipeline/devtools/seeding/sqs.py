"""SQS standard queues, tagged, encrypted with SQS's AWS-managed KMS key and with an access policy.

FIFO queues and dead-letter queues are the `sqs_fifo` seeder's.
"""

import json

NAME = "sqs"
KMS = {"KmsMasterKeyId": "alias/aws/sqs", "KmsDataKeyReusePeriodSeconds": "300"}


def access_policy(ctx, queue: str) -> str:
    """Only the account itself may send to the queue."""
    statement = {
        "Sid": "OwnAccountSends",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{ctx.account_id}:root"},
        "Action": "sqs:SendMessage",
        "Resource": f"arn:aws:sqs:{ctx.region}:{ctx.account_id}:{queue}",
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def seed(ctx) -> dict[str, int]:
    sqs = ctx.session.client("sqs")
    for i in range(ctx.count):
        name = f"{ctx.prefix}-queue-{i}"
        sqs.create_queue(QueueName=name, Attributes={**KMS, "Policy": access_policy(ctx, name)}, tags=ctx.tag_map)
    return {"AWS::SQS::Queue": ctx.count}
