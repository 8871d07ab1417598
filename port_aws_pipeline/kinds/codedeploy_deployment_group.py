"""AWS::CodeDeploy::DeploymentGroup: ListApplications, then per application ListDeploymentGroups and
BatchGetDeploymentGroups 100 names at a time (CodeDeploy has no region-wide group listing).

Tags are aws-v3's optional `GetDeploymentGroupTags` action (off by default there too): one tagging-API
listing for the region instead of ListTagsForResource per group. Properties are aws-v3's
`DeploymentGroupProperties` (the keys AWS returned, in PascalCase; `Tags` `[{Key, Value}]` only with the
action), plus `Arn` (built from the names: no CodeDeploy call returns it).
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
from port_aws_pipeline.kinds.base import with_region_tags

TAGS = "GetDeploymentGroupTags"
FIELDS = (
    "alarmConfiguration", "applicationName", "autoRollbackConfiguration", "autoScalingGroups",
    "blueGreenDeploymentConfiguration", "computePlatform", "deploymentConfigName", "deploymentGroupId",
    "deploymentGroupName", "deploymentStyle", "ec2TagFilters", "ec2TagSet", "ecsServices", "lastAttemptedDeployment",
    "lastSuccessfulDeployment", "loadBalancerInfo", "onPremisesInstanceTagFilters", "onPremisesTagSet",
    "outdatedInstancesStrategy", "serviceRoleArn", "targetRevision", "terminationHookEnabled", "triggerConfigurations",
)  # fmt: skip

IAM_ACTIONS = (
    "codedeploy:ListApplications",
    "codedeploy:ListDeploymentGroups",
    "codedeploy:BatchGetDeploymentGroups",
)
OPTIONAL_ACTIONS = {TAGS: ("tag:GetResources",)}


def _groups_of(codedeploy, application: str) -> list[RawItem]:
    names = paginate(codedeploy, "list_deployment_groups", "deploymentGroups", applicationName=application)
    describe, groups = codedeploy.batch_get_deployment_groups, {"deploymentGroupNames": names}
    return batch_described(describe, groups, cd.GROUP_BATCH, "deploymentGroupsInfo", applicationName=application)


def fetch_deployment_groups(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    codedeploy = clients.client("codedeploy", ctx.region)
    applications = cd.application_names(codedeploy)
    # An application gone meanwhile has no groups.
    groups = children_per_item(lambda a: _groups_of(codedeploy, a), applications, workers=cd.WORKERS, tolerated=cd.GONE)
    if TAGS in ctx.actions:
        arn = lambda g: cd.deployment_group_arn(ctx, g["applicationName"], g["deploymentGroupName"])  # noqa: E731
        groups = with_region_tags(clients, ctx.region, "codedeploy:deploymentgroup", groups, arn)
    return groups


def shape_deployment_group(item: RawItem, ctx: ReadContext) -> Properties:
    props = pascal_fields(item, FIELDS)
    if "Tags" in item:
        props["Tags"] = item["Tags"] or []
    props["Arn"] = cd.deployment_group_arn(ctx, item["applicationName"], item["deploymentGroupName"])
    return props


KIND = ResourceKind(
    "AWS::CodeDeploy::DeploymentGroup",
    "codedeploy",
    fetch_deployment_groups,
    shape_deployment_group,
    IAM_ACTIONS,
    OPTIONAL_ACTIONS,
)
