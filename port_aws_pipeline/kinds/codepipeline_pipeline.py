"""AWS::CodePipeline::Pipeline: ListPipelines pages, GetPipeline and ListTagsForResource per pipeline (no batch
call exists; CodePipeline is not served by moto's tagging API, so tags come from CodePipeline as in aws-v3).

Properties are aws-v3's `PipelineProperties`: GetPipeline's `metadata` and `pipeline` merged with the
ListPipelines summary, in PascalCase; `Tags` stays `[{key, value}]` (CodePipeline's own lowercase shape).
A pipeline whose GetPipeline or tags are denied keeps what was read (aws-v3 does the same); one deleted
since the list is left out.
"""

from port_aws_pipeline.kinds import _codepipeline as cp
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import pascal_fields
from port_aws_pipeline.kinds.base import per_item

FIELDS = (
    "artifactStore", "artifactStores", "created", "executionMode", "name", "pipelineArn", "pipelineType",
    "pollingDisabledAt", "roleArn", "stages", "tags", "triggers", "updated", "variables", "version",
)  # fmt: skip

IAM_ACTIONS = ("codepipeline:ListPipelines", "codepipeline:GetPipeline", "codepipeline:ListTagsForResource")


def _tags(codepipeline, arn: str | None) -> list[dict] | None:
    return codepipeline.list_tags_for_resource(resourceArn=arn).get("tags", []) if arn else None


def fetch_pipelines(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    codepipeline = clients.client("codepipeline", ctx.region)
    summaries = cp.list_pipelines(codepipeline)
    if not summaries:
        return []
    pairs = cp.get_pipelines(codepipeline, summaries, denied_ok=True)
    arns = [(d or {}).get("metadata", {}).get("pipelineArn") for _, d in pairs]
    tags = per_item(lambda arn: _tags(codepipeline, arn), arns, workers=cp.WORKERS, tolerated=cp.SKIPPABLE)
    items = []
    for (summary, detail), tag_list in zip(pairs, tags, strict=True):
        item = {**(detail or {}).get("metadata", {}), **(detail or {}).get("pipeline", {})}
        if tag_list is not None:
            item["tags"] = tag_list
        items.append({**item, **summary})  # aws-v3 merges details, then tags, then the summary
    return items


def shape_pipeline(item: RawItem, ctx: ReadContext) -> Properties:
    return pascal_fields(item, FIELDS)


KIND = ResourceKind("AWS::CodePipeline::Pipeline", "codepipeline", fetch_pipelines, shape_pipeline, IAM_ACTIONS)
