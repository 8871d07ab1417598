"""AWS::Kinesis::Stream: ListStreams pages (StreamSummaries), DescribeStreamSummary per stream (an includeAction, on
by default: retention, encryption, shard and consumer counts), tags for the region in one tagging-API listing.

No aws-v3 model exists: Properties are the summary merged with DescribeStreamSummary's `StreamDescriptionSummary`
(AWS's own PascalCase keys), plus `Arn` and `Tags` [{Key, Value}].
"""

from port_aws_pipeline.kinds.base import (
    DENIED,
    ClientProvider,
    RawItem,
    ReadContext,
    ResourceKind,
    described,
    paginate,
    with_arn,
    with_region_tags,
)

DESCRIBE = "DescribeStreamSummaryAction"
#: One stream deleted or denied between the list and its describe keeps its summary fields only.
SKIPPABLE = DENIED | {"ResourceNotFoundException"}


def _summary(kinesis, stream: dict) -> dict:
    return kinesis.describe_stream_summary(StreamName=stream["StreamName"])["StreamDescriptionSummary"]


def fetch_streams(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    kinesis = clients.client("kinesis", ctx.region)
    streams = paginate(kinesis, "list_streams", "StreamSummaries")
    streams = described(streams, ctx, DESCRIBE, lambda s: _summary(kinesis, s), SKIPPABLE)
    return with_region_tags(clients, ctx.region, "kinesis:stream", streams, "StreamARN")


KIND = ResourceKind(
    "AWS::Kinesis::Stream",
    "kinesis",
    fetch_streams,
    with_arn("StreamARN"),
    iam_actions=("kinesis:ListStreams", "tag:GetResources"),
    optional_actions={DESCRIBE: ("kinesis:DescribeStreamSummary",)},
    default_actions=(DESCRIBE,),
)
