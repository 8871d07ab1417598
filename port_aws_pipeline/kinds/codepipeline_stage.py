"""AWS::CodePipeline::Stage: one record per stage of each pipeline's GetPipeline answer (ListPipelines pages,
GetPipeline per pipeline), with `pipelineName`, `pipelineArn` and its 1-based `order` added as aws-v3 does.

Stages have no ARN: the default mapping identifies them as `<pipeline ARN>/<stage name>`. Properties are
aws-v3's `StageProperties`, in PascalCase; `Actions` keep AWS's camelCase keys.
"""

from port_aws_pipeline.kinds import _codepipeline as cp
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import pascal_fields

FIELDS = (
    "actions", "beforeEntry", "blockers", "name", "onFailure", "onSuccess", "order", "pipelineArn", "pipelineName",
)  # fmt: skip

IAM_ACTIONS = ("codepipeline:ListPipelines", "codepipeline:GetPipeline")


def fetch_stages(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    codepipeline = clients.client("codepipeline", ctx.region)
    stages = []
    for summary, detail in cp.pipelines_with_details(codepipeline):
        arn = detail.get("metadata", {}).get("pipelineArn", "")
        for order, stage in enumerate(detail.get("pipeline", {}).get("stages", []), start=1):
            stages.append({**stage, "pipelineName": summary["name"], "pipelineArn": arn, "order": order})
    return stages


def shape_stage(item: RawItem, ctx: ReadContext) -> Properties:
    return pascal_fields(item, FIELDS)


KIND = ResourceKind("AWS::CodePipeline::Stage", "codepipeline", fetch_stages, shape_stage, IAM_ACTIONS)
