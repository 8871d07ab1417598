"""AWS::SQS::Queue: ListQueues pages, GetQueueAttributes per queue (no list call gives them), tags in one listing."""

from concurrent.futures import ThreadPoolExecutor

from port_aws_pipeline.kinds.base import ClientProvider, Properties, RawItem, ReadContext, ResourceKind, paginate, tags_by_arn, tag_map


def fetch_queues(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    sqs = clients.client("sqs", ctx.region)
    urls = paginate(sqs, "list_queues", "QueueUrls")
    if not urls:
        return []
    with ThreadPoolExecutor(max_workers=8) as pool:
        attributes = list(pool.map(lambda u: sqs.get_queue_attributes(QueueUrl=u, AttributeNames=["All"])["Attributes"], urls))
    tags = tags_by_arn(clients, ctx.region, "sqs")
    return [{"QueueUrl": url, "Attributes": attrs, "Tags": tags.get(attrs["QueueArn"], [])} for url, attrs in zip(urls, attributes)]


def shape_queue(item: RawItem, ctx: ReadContext) -> Properties:
    attrs = item["Attributes"]
    return {**attrs, "QueueUrl": item["QueueUrl"], "QueueName": item["QueueUrl"].rsplit("/", 1)[-1], "Arn": attrs["QueueArn"],
            "Tags": tag_map(item.get("Tags"))}


KIND = ResourceKind("AWS::SQS::Queue", "sqs", fetch_queues, shape_queue,
                    iam_actions=("sqs:ListQueues", "sqs:GetQueueAttributes", "tag:GetResources"))
