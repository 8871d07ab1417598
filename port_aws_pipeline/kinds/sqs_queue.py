"""AWS::SQS::Queue: ListQueues pages, then the attributes each queue only gives one by one."""

from concurrent.futures import ThreadPoolExecutor

from port_aws_pipeline.kinds.base import Properties, ReadContext, ResourceKind, paginate, tags_by_arn


def read_queues(clients, ctx: ReadContext) -> list[Properties]:
    sqs = clients.client("sqs", ctx.region)
    urls = paginate(sqs, "list_queues", "QueueUrls")
    if not urls:
        return []
    with ThreadPoolExecutor(max_workers=8) as pool:
        attributes = list(pool.map(lambda u: sqs.get_queue_attributes(QueueUrl=u, AttributeNames=["All"])["Attributes"], urls))
    tags = tags_by_arn(clients, ctx.region, "sqs")
    return [
        {**attrs, "QueueUrl": url, "QueueName": url.rsplit("/", 1)[-1], "Arn": attrs["QueueArn"], "Tags": tags.get(attrs["QueueArn"], [])}
        for url, attrs in zip(urls, attributes)
    ]


KIND = ResourceKind("AWS::SQS::Queue", "sqs", read_queues)
