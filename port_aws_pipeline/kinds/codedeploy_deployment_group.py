"""AWS::CodeDeploy::DeploymentGroup: ListApplications, then per application ListDeploymentGroups and
BatchGetDeploymentGroups 100 names at a time (CodeDeploy has no region-wide group listing).

Tags are aws-v3's optional `GetDeploymentGroupTags` action (off by default there too): one tagging-API
listing for the region instead of ListTagsForResource per group. Properties are aws-v3's
`DeploymentGroupProperties` (the keys AWS returned, in PascalCase; `Tags` `[{Key, Value}]` only with the
action), plus `Arn` (built from the names: no CodeDeploy call returns it).
"""

from port_aws_pipeline.kinds import _codedeploy as cd
from port_aws_pipeline.kinds.base import (
    ClientProvider,
    Properties,
    RawItem,
    ReadContext,
    ResourceKind,
    children_per_item,
    chunks,
    paginate,
    pascal_fields,
    with_region_tags,
)

TAGS = "GetDeploymentGroupTags"
FIELDS = (
    "alarmConfiguration", "applicationName", "autoRollbackConfiguration", "autoScalingGroups",
    "blueGreenDeploymentConfiguration", "computePlatform", "deploymentConfigName", "deploymentGroupId",
    "deploymentGroupName", "deploymentStyle", "ec2TagFilters", "ec2TagSet", "ecsServices", "lastAttemptedDeployment",
    "lastSuccessfulDeployment", "loadBalancerInfo", "onPremisesInstanceTagFilters", "onPremisesTagSet",
    "outdatedInstancesStrategy", "serviceRoleArn", "targetRevision", "terminationHookEnabled", "triggerConfigurations",
)  # fmt: skip


def _groups_of(codedeploy, application: str) -> list[RawItem]:
    names = paginate(codedeploy, "list_deployment_groups", "deploymentGroups", applicationName=application)
    infos: list[RawItem] = []
    for batch in chunks(names, cd.GROUP_BATCH):
        answer = codedeploy.batch_get_deployment_groups(applicationName=application, deploymentGroupNames=batch)
        infos += answer.get("deploymentGroupsInfo", [])
    return infos


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
    iam_actions=(
        "codedeploy:ListApplications",
        "codedeploy:ListDeploymentGroups",
        "codedeploy:BatchGetDeploymentGroups",
    ),
    optional_actions={TAGS: ("tag:GetResources",)},
)
