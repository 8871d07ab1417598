"""AWS::CodeDeploy::Deployment: ListDeployments for the last `_codedeploy.LOOKBACK_DAYS` (at most
`_codedeploy.MAX_DEPLOYMENTS` per region), BatchGetDeployments 25 ids at a time (aws-v3: GetDeployment each).

Properties are aws-v3's `CodeDeployDeploymentProperties`: the keys AWS returned, in PascalCase. Deployments
have no ARN; `DeploymentId` identifies them.
"""

from port_aws_pipeline.kinds import _codedeploy as cd
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import pascal_fields

FIELDS = (
    "additionalDeploymentStatusInfo", "applicationName", "autoRollbackConfiguration",
    "blueGreenDeploymentConfiguration", "completeTime", "computePlatform", "createTime", "creator",
    "deploymentConfigName", "deploymentGroupName", "deploymentId", "deploymentOverview", "deploymentStatusMessages",
    "deploymentStyle", "description", "errorInformation", "externalId", "fileExistsBehavior",
    "ignoreApplicationStopFailures", "instanceTerminationWaitTimeStarted", "loadBalancerInfo",
    "overrideAlarmConfiguration", "previousRevision", "relatedDeployments", "revision", "rollbackInfo", "startTime",
    "status", "targetInstances", "updateOutdatedInstancesOnly",
)  # fmt: skip

IAM_ACTIONS = ("codedeploy:ListDeployments", "codedeploy:BatchGetDeployments")


def fetch_deployments(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    codedeploy = clients.client("codedeploy", ctx.region)
    return cd.batch_get_deployments(codedeploy, cd.recent_deployment_ids(codedeploy))


def shape_deployment(item: RawItem, ctx: ReadContext) -> Properties:
    return pascal_fields(item, FIELDS)


KIND = ResourceKind("AWS::CodeDeploy::Deployment", "codedeploy", fetch_deployments, shape_deployment, IAM_ACTIONS)
