"""AWS::CodeDeploy::DeploymentTarget: the targets of the deployments the Deployment kind reads (same window),
ListDeploymentTargets per deployment and BatchGetDeploymentTargets 25 ids at a time.

A deployment not started yet (DeploymentNotStartedException, skipped by aws-v3 too) or gone meanwhile has no
targets. Properties are aws-v3's `DeploymentTargetProperties`: `DeploymentId` (added, as aws-v3 does),
`DeploymentTargetType` and the one `InstanceTarget` / `LambdaTarget` / `EcsTarget` / `CloudFormationTarget`
AWS returned, nested keys as AWS gives them.
"""

from port_aws_pipeline.kinds import _codedeploy as cd
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import batch_described
from port_aws_pipeline.kinds.base import children_per_item
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import pascal_fields

FIELDS = ("deploymentId", "deploymentTargetType", "instanceTarget", "lambdaTarget", "ecsTarget", "cloudFormationTarget")

IAM_ACTIONS = (
    "codedeploy:ListDeployments",
    "codedeploy:ListDeploymentTargets",
    "codedeploy:BatchGetDeploymentTargets",
)


def _targets_of(codedeploy, deployment_id: str) -> list[RawItem]:
    ids = paginate(codedeploy, "list_deployment_targets", "targetIds", deploymentId=deployment_id)
    describe, targets = codedeploy.batch_get_deployment_targets, {"targetIds": ids}
    targets = batch_described(describe, targets, cd.TARGET_BATCH, "deploymentTargets", deploymentId=deployment_id)
    return [{**t, "deploymentId": deployment_id} for t in targets]


def fetch_deployment_targets(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    codedeploy = clients.client("codedeploy", ctx.region)
    deployments = cd.recent_deployment_ids(codedeploy)
    # A deployment gone meanwhile, or not started yet, has no targets.
    return children_per_item(lambda d: _targets_of(codedeploy, d), deployments, workers=cd.WORKERS, tolerated=cd.GONE)


def shape_deployment_target(item: RawItem, ctx: ReadContext) -> Properties:
    return pascal_fields(item, FIELDS)


KIND = ResourceKind(
    "AWS::CodeDeploy::DeploymentTarget", "codedeploy", fetch_deployment_targets, shape_deployment_target, IAM_ACTIONS
)
