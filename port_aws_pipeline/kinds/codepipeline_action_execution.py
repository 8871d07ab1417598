"""AWS::CodePipeline::ActionExecution: the action executions of exactly the pipeline executions the
PipelineExecution kind reads (the last `_codepipeline.LOOKBACK_DAYS`, at most
`_codepipeline.MAX_EXECUTIONS_PER_PIPELINE` per pipeline): ListActionExecutions filtered by each execution id.

aws-v3 lists every action execution of every pipeline (12 months). Filtering by execution keeps the read
bounded without relying on the list's order, and every record's pipeline execution is read too.
Properties are aws-v3's `CodePipelineActionExecutionProperties`, in PascalCase; `Input` / `Output` keep AWS's keys.
"""

from port_aws_pipeline.kinds import _codepipeline as cp
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import children_per_item
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import pascal_fields

FIELDS = (
    "actionExecutionId", "actionName", "input", "lastUpdateTime", "output", "pipelineExecutionId", "pipelineVersion",
    "stageName", "startTime", "status", "updatedBy",
)  # fmt: skip

IAM_ACTIONS = (
    "codepipeline:ListPipelines",
    "codepipeline:ListPipelineExecutions",
    "codepipeline:ListActionExecutions",
)


def _action_executions(codepipeline, pipeline_and_execution: tuple[str, str]) -> list[RawItem]:
    pipeline_name, execution_id = pipeline_and_execution
    return paginate(
        codepipeline,
        "list_action_executions",
        "actionExecutionDetails",
        pipelineName=pipeline_name,
        filter={"pipelineExecutionId": execution_id},
    )


def fetch_action_executions(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    codepipeline = clients.client("codepipeline", ctx.region)
    pairs = [
        (name, s["pipelineExecutionId"])
        for name, summaries in cp.recent_executions_by_pipeline(codepipeline)
        for s in summaries
    ]
    # A pipeline or execution gone meanwhile has no action executions.
    return children_per_item(
        lambda pair: _action_executions(codepipeline, pair), pairs, workers=cp.WORKERS, tolerated=cp.GONE
    )


def shape_action_execution(item: RawItem, ctx: ReadContext) -> Properties:
    return pascal_fields(item, FIELDS)


KIND = ResourceKind(
    "AWS::CodePipeline::ActionExecution", "codepipeline", fetch_action_executions, shape_action_execution, IAM_ACTIONS
)
