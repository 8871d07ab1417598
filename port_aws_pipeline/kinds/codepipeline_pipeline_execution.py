"""AWS::CodePipeline::PipelineExecution: per pipeline, the executions of the last
`_codepipeline.LOOKBACK_DAYS` (at most `_codepipeline.MAX_EXECUTIONS_PER_PIPELINE`, newest first) from
ListPipelineExecutions, each merged with its GetPipelineExecution answer (aws-v3's default detail call: only it
gives `pipelineName`, `pipelineVersion`, `artifactRevisions`, `variables`; no batch call exists).

An execution whose GetPipelineExecution is denied or gone keeps its summary (aws-v3 does the same).
Properties are aws-v3's `PipelineExecutionProperties`, in PascalCase.
"""

from port_aws_pipeline.kinds import _codepipeline as cp
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import merge_each
from port_aws_pipeline.kinds.base import pascal_fields
from port_aws_pipeline.kinds.base import per_item

FIELDS = (
    "artifactRevisions", "executionMode", "executionType", "lastUpdateTime", "pipelineExecutionId", "pipelineName",
    "pipelineVersion", "rollbackMetadata", "sourceRevisions", "startTime", "status", "statusSummary", "stopTrigger",
    "trigger", "variables",
)  # fmt: skip

IAM_ACTIONS = (
    "codepipeline:ListPipelines",
    "codepipeline:ListPipelineExecutions",
    "codepipeline:GetPipelineExecution",
)


def fetch_pipeline_executions(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    codepipeline = clients.client("codepipeline", ctx.region)
    pairs = [(name, s) for name, summaries in cp.recent_executions_by_pipeline(codepipeline) for s in summaries]

    def detail(pair: tuple[str, dict]) -> dict:
        name, summary = pair
        execution_id = summary["pipelineExecutionId"]
        answer = codepipeline.get_pipeline_execution(pipelineName=name, pipelineExecutionId=execution_id)
        return answer.get("pipelineExecution", {})

    details = per_item(detail, pairs, workers=cp.WORKERS, tolerated=cp.SKIPPABLE)
    return merge_each([summary for _, summary in pairs], details)


def shape_pipeline_execution(item: RawItem, ctx: ReadContext) -> Properties:
    return pascal_fields(item, FIELDS)


KIND = ResourceKind(
    "AWS::CodePipeline::PipelineExecution",
    "codepipeline",
    fetch_pipeline_executions,
    shape_pipeline_execution,
    IAM_ACTIONS,
)
