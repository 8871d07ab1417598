"""AWS::Kinesis::Stream: ListStreams pages (StreamSummaries), DescribeStreamSummary per stream (an includeAction, on
by default: retention, encryption, shard and consumer counts), tags for the region in one tagging-API listing.

No aws-v3 model exists: Properties are the summary merged with DescribeStreamSummary's `StreamDescriptionSummary`
(AWS's own PascalCase keys), plus `Arn` and `Tags` [{Key, Value}].
"""

from functools import partial

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import described
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import with_arn
from port_aws_pipeline.kinds.base import with_region_tags

DESCRIBE = "DescribeStreamSummaryAction"

IAM_ACTIONS = ("kinesis:ListStreams", "tag:GetResources")
OPTIONAL_ACTIONS = {DESCRIBE: ("kinesis:DescribeStreamSummary",)}


def _summary(kinesis, stream: dict) -> dict:
    return kinesis.describe_stream_summary(StreamName=stream["StreamName"])["StreamDescriptionSummary"]


def fetch_streams(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    kinesis = clients.client("kinesis", ctx.region)
    # A stream gone between the list and its describe keeps its summary fields only.
    streams = described(paginate(kinesis, "list_streams", "StreamSummaries"), ctx, DESCRIBE, partial(_summary, kinesis))
    return with_region_tags(clients, ctx.region, "kinesis:stream", streams, "StreamARN")


KIND = ResourceKind(
    "AWS::Kinesis::Stream",
    "kinesis",
    fetch_streams,
    with_arn("StreamARN"),
    IAM_ACTIONS,
    OPTIONAL_ACTIONS,
    default_actions=(DESCRIBE,),
)
