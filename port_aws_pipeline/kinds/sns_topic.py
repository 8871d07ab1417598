"""AWS::SNS::Topic in aws-v3's shape.

ListTopics pages, then GetTopicAttributes per topic (no batch call exists). With the `GetTopicTagsAction`
includeAction, the region's topic tags come from one tagging-API listing.

Properties are aws-v3's topic properties: `TopicArn`, the attributes aws-v3 models (counts and sample rates as
numbers, FIFO flags as booleans, the rest as AWS's strings), and `Tags` as `[{Key, Value}]` only when asked for.
"""

from port_aws_pipeline.kinds.base import DENIED
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import per_item
from port_aws_pipeline.kinds.base import typed_attributes
from port_aws_pipeline.kinds.base import with_region_tags

TAGS = "GetTopicTagsAction"
#: A topic deleted or denied between the list and its attributes keeps only its ARN.
SKIPPABLE = DENIED | {"AuthorizationError", "NotFound", "NotFoundException"}
_INT_ATTRIBUTES = {
    "SubscriptionsConfirmed",
    "SubscriptionsDeleted",
    "SubscriptionsPending",
    "HTTPSuccessFeedbackSampleRate",
    "FirehoseSuccessFeedbackSampleRate",
    "LambdaSuccessFeedbackSampleRate",
    "ApplicationSuccessFeedbackSampleRate",
    "SQSSuccessFeedbackSampleRate",
}
_BOOL_ATTRIBUTES = {"FifoTopic", "ContentBasedDeduplication"}
_STR_ATTRIBUTES = {
    "TopicArn",
    "Owner",
    "DisplayName",
    "Policy",
    "DeliveryPolicy",
    "EffectiveDeliveryPolicy",
    "SignatureVersion",
    "TracingConfig",
    "KmsMasterKeyId",
    "ArchivePolicy",
    "BeginningArchiveTime",
    "FifoThroughputScope",
    "HTTPSuccessFeedbackRoleArn",
    "HTTPFailureFeedbackRoleArn",
    "FirehoseSuccessFeedbackRoleArn",
    "FirehoseFailureFeedbackRoleArn",
    "LambdaSuccessFeedbackRoleArn",
    "LambdaFailureFeedbackRoleArn",
    "ApplicationSuccessFeedbackRoleArn",
    "ApplicationFailureFeedbackRoleArn",
    "SQSSuccessFeedbackRoleArn",
    "SQSFailureFeedbackRoleArn",
}
#: The attributes aws-v3 keeps (others are dropped), with the JSON type it gives each.
ATTRIBUTES: dict[str, type] = {
    **dict.fromkeys(_STR_ATTRIBUTES, str),
    **dict.fromkeys(_INT_ATTRIBUTES, int),
    **dict.fromkeys(_BOOL_ATTRIBUTES, bool),
}

IAM_ACTIONS = ("sns:ListTopics", "sns:GetTopicAttributes")
OPTIONAL_ACTIONS = {TAGS: ("tag:GetResources",)}


def fetch_topics(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    sns = clients.client("sns", ctx.region)
    arns = [topic["TopicArn"] for topic in paginate(sns, "list_topics", "Topics")]
    attributes = per_item(lambda arn: sns.get_topic_attributes(TopicArn=arn)["Attributes"], arns, tolerated=SKIPPABLE)
    items = [{"TopicArn": arn, "Attributes": attrs} for arn, attrs in zip(arns, attributes, strict=True)]
    if TAGS in ctx.actions:
        items = with_region_tags(clients, ctx.region, "sns", items, "TopicArn")
    return items


def shape_topic(item: RawItem, ctx: ReadContext) -> Properties:
    props: Properties = {"TopicArn": item["TopicArn"], **typed_attributes(item.get("Attributes"), ATTRIBUTES)}
    if "Tags" in item:
        props["Tags"] = [{"Key": t["Key"], "Value": t.get("Value", "")} for t in item["Tags"]]
    return props


KIND = ResourceKind("AWS::SNS::Topic", "sns", fetch_topics, shape_topic, IAM_ACTIONS, OPTIONAL_ACTIONS)
