"""AWS::Kinesis::Stream: ListStreams pages (StreamSummaries), DescribeStreamSummary per stream (an includeAction, on
by default: retention, encryption, shard and consumer counts), tags for the region in one tagging-API listing.

No aws-v3 model exists: Properties are the summary merged with DescribeStreamSummary's `StreamDescriptionSummary`
(AWS's own PascalCase keys), plus `Arn` and `Tags` [{Key, Value}].
"""

from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError

from port_aws_pipeline.kinds.base import (
    ClientProvider,
    Properties,
    RawItem,
    ReadContext,
    ResourceKind,
    paginate,
    tags_by_arn,
)

DESCRIBE = "DescribeStreamSummaryAction"
#: One stream deleted or denied between the list and its describe keeps its summary fields only.
SKIPPABLE = {"ResourceNotFoundException", "AccessDenied", "AccessDeniedException"}


def _describe(kinesis, name: str) -> dict | None:
    try:
        return kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in SKIPPABLE:
            return None
        raise


def fetch_streams(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    kinesis = clients.client("kinesis", ctx.region)
    streams = paginate(kinesis, "list_streams", "StreamSummaries")
    if not streams:
        return []
    if DESCRIBE in ctx.actions:
        with ThreadPoolExecutor(max_workers=8) as pool:
            described = list(pool.map(lambda s: _describe(kinesis, s["StreamName"]), streams))
        streams = [{**s, **(d or {})} for s, d in zip(streams, described, strict=True)]
    tags = tags_by_arn(clients, ctx.region, "kinesis:stream")
    return [{**s, "Tags": tags.get(s["StreamARN"], [])} for s in streams]


def shape_stream(item: RawItem, ctx: ReadContext) -> Properties:
    return {**item, "Arn": item["StreamARN"], "Tags": item.get("Tags") or []}


KIND = ResourceKind(
    "AWS::Kinesis::Stream",
    "kinesis",
    fetch_streams,
    shape_stream,
    iam_actions=("kinesis:ListStreams", "tag:GetResources"),
    optional_actions={DESCRIBE: ("kinesis:DescribeStreamSummary",)},
    default_actions=(DESCRIBE,),
)
