"""AWS::CodePipeline::Action: one record per action of each stage of each pipeline's GetPipeline answer
(ListPipelines pages, GetPipeline per pipeline), with `pipelineName`, `pipelineArn`, `pipelineVersion` and
`stageName` added as aws-v3 does.

Actions have no ARN: the default mapping identifies them as `<pipeline ARN>/<stage name>/<action name>`.
Properties are aws-v3's `CodePipelineActionProperties`, in PascalCase, `ActionTypeId` included
(`{Category, Owner, Provider, Version}`: aws-v3 models it); other nested values keep AWS's keys.
"""

from port_aws_pipeline.kinds import _codepipeline as cp
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import pascal_fields

FIELDS = (
    "configuration", "commands", "environmentVariables", "inputArtifacts", "name", "namespace", "outputArtifacts",
    "outputVariables", "pipelineName", "pipelineArn", "pipelineVersion", "region", "roleArn", "runOrder", "stageName",
    "timeoutInMinutes",
)  # fmt: skip
TYPE_FIELDS = ("category", "owner", "provider", "version")

IAM_ACTIONS = ("codepipeline:ListPipelines", "codepipeline:GetPipeline")


def fetch_actions(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    codepipeline = clients.client("codepipeline", ctx.region)
    actions = []
    for summary, detail in cp.pipelines_with_details(codepipeline):
        pipeline = detail.get("pipeline", {})
        extra = {
            "pipelineName": summary["name"],
            "pipelineArn": detail.get("metadata", {}).get("pipelineArn", ""),
            "pipelineVersion": pipeline.get("version", 0),
        }
        for stage in pipeline.get("stages", []):
            actions += [{**action, **extra, "stageName": stage.get("name", "")} for action in stage.get("actions", [])]
    return actions


def shape_action(item: RawItem, ctx: ReadContext) -> Properties:
    props = pascal_fields(item, FIELDS)
    if "actionTypeId" in item:
        props["ActionTypeId"] = pascal_fields(item["actionTypeId"] or {}, TYPE_FIELDS)
    return props


KIND = ResourceKind("AWS::CodePipeline::Action", "codepipeline", fetch_actions, shape_action, IAM_ACTIONS)
