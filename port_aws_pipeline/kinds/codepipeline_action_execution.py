"""AWS::CodePipeline::ActionExecution: the action executions of exactly the pipeline executions the
PipelineExecution kind reads (the last `_codepipeline.LOOKBACK_DAYS`, at most
`_codepipeline.MAX_EXECUTIONS_PER_PIPELINE` per pipeline): ListActionExecutions filtered by each execution id.

aws-v3 lists every action execution of every pipeline (12 months). Filtering by execution keeps the read
bounded without relying on the list's order, and every record's pipeline execution is read too.
Properties are aws-v3's `CodePipelineActionExecutionProperties`, in PascalCase; `Input` / `Output` keep AWS's keys.
"""

from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError

from port_aws_pipeline.kinds import _codepipeline as cp
from port_aws_pipeline.kinds.base import ClientProvider, Properties, RawItem, ReadContext, ResourceKind, paginate

FIELDS = (
    "actionExecutionId", "actionName", "input", "lastUpdateTime", "output", "pipelineExecutionId", "pipelineVersion",
    "stageName", "startTime", "status", "updatedBy",
)  # fmt: skip


def _action_executions(codepipeline, pipeline_name: str, execution_id: str) -> list[RawItem]:
    try:
        return paginate(
            codepipeline,
            "list_action_executions",
            "actionExecutionDetails",
            pipelineName=pipeline_name,
            filter={"pipelineExecutionId": execution_id},
        )
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in cp.GONE:
            return []
        raise


def fetch_action_executions(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    codepipeline = clients.client("codepipeline", ctx.region)
    pairs = [
        (name, s["pipelineExecutionId"])
        for name, summaries in cp.recent_executions_by_pipeline(codepipeline)
        for s in summaries
    ]
    with ThreadPoolExecutor(max_workers=cp.WORKERS) as pool:
        found = pool.map(lambda pair: _action_executions(codepipeline, *pair), pairs)
        return [a for executions in found for a in executions]


def shape_action_execution(item: RawItem, ctx: ReadContext) -> Properties:
    return {f[:1].upper() + f[1:]: item[f] for f in FIELDS if f in item}


KIND = ResourceKind(
    "AWS::CodePipeline::ActionExecution",
    "codepipeline",
    fetch_action_executions,
    shape_action_execution,
    iam_actions=(
        "codepipeline:ListPipelines",
        "codepipeline:ListPipelineExecutions",
        "codepipeline:ListActionExecutions",
    ),
)
