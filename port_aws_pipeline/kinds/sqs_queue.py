"""AWS::SQS::Queue in aws-v3's shape.

ListQueues pages, then GetQueueAttributes(All) per queue (no list or batch call returns attributes). With the
`ListQueueTagsAction` includeAction, the region's queue tags come from one tagging-API listing.

Properties are aws-v3's queue properties: `QueueUrl`, the attributes with numbers as numbers and booleans as
booleans, and `Tags` as `{key: value}` only when tags were asked for. aws-v3 never sets `QueueName`, so it is absent
(the queue name is the last segment of `QueueUrl`).
"""

from port_aws_pipeline.kinds.base import DENIED
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import per_item
from port_aws_pipeline.kinds.base import tag_map
from port_aws_pipeline.kinds.base import typed_attributes
from port_aws_pipeline.kinds.base import with_region_tags

TAGS = "ListQueueTagsAction"
#: A queue deleted or denied between the list and its attributes keeps only its URL.
SKIPPABLE = DENIED | {"AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"}
#: The attributes aws-v3 keeps, with the JSON type it gives each (SQS answers every attribute as a string).
ATTRIBUTES: dict[str, type] = {
    "QueueArn": str,
    "ApproximateNumberOfMessages": int,
    "ApproximateNumberOfMessagesNotVisible": int,
    "ApproximateNumberOfMessagesDelayed": int,
    "CreatedTimestamp": str,
    "LastModifiedTimestamp": str,
    "VisibilityTimeout": int,
    "MaximumMessageSize": int,
    "MessageRetentionPeriod": int,
    "DelaySeconds": int,
    "ReceiveMessageWaitTimeSeconds": int,
    "Policy": str,
    "RedrivePolicy": str,
    "RedriveAllowPolicy": str,
    "KmsMasterKeyId": str,
    "KmsDataKeyReusePeriodSeconds": int,
    "SqsManagedSseEnabled": bool,
    "FifoQueue": bool,
    "ContentBasedDeduplication": bool,
    "DeduplicationScope": str,
    "FifoThroughputLimit": str,
}

IAM_ACTIONS = ("sqs:ListQueues", "sqs:GetQueueAttributes")
OPTIONAL_ACTIONS = {TAGS: ("tag:GetResources",)}


def _attributes(sqs, url: str) -> dict:
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]


def queue_arn(item: RawItem, ctx: ReadContext) -> str:
    """The queue's ARN: from its attributes, else from its URL (`.../<account>/<name>`)."""
    arn = (item.get("Attributes") or {}).get("QueueArn")
    if arn:
        return arn
    account, name = item["QueueUrl"].rstrip("/").rsplit("/", 2)[-2:]
    return f"arn:{ctx.partition}:sqs:{ctx.region}:{account}:{name}"


def fetch_queues(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    sqs = clients.client("sqs", ctx.region)
    urls = paginate(sqs, "list_queues", "QueueUrls")
    attributes = per_item(lambda url: _attributes(sqs, url), urls, tolerated=SKIPPABLE)
    items = [{"QueueUrl": url, "Attributes": attrs} for url, attrs in zip(urls, attributes, strict=True)]
    if TAGS in ctx.actions:
        items = with_region_tags(clients, ctx.region, "sqs", items, lambda item: queue_arn(item, ctx))
    return items


def shape_queue(item: RawItem, ctx: ReadContext) -> Properties:
    props: Properties = {"QueueUrl": item["QueueUrl"], **typed_attributes(item.get("Attributes"), ATTRIBUTES)}
    if "Tags" in item:
        props["Tags"] = tag_map(item["Tags"])
    return props


KIND = ResourceKind("AWS::SQS::Queue", "sqs", fetch_queues, shape_queue, IAM_ACTIONS, OPTIONAL_ACTIONS)
