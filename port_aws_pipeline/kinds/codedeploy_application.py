"""AWS::CodeDeploy::Application: ListApplications pages, BatchGetApplications 100 names at a time, tags of
every application in one tagging-API listing (aws-v3 asks ListTagsForResource once per application).

Properties are aws-v3's `CodeDeployApplicationProperties` (the keys AWS returned, in PascalCase) with
`Tags` as `[{Key, Value}]`, plus `Arn` (built from the name: no CodeDeploy call returns it).
"""

from port_aws_pipeline.kinds import _codedeploy as cd
from port_aws_pipeline.kinds.base import (
    ClientProvider,
    Properties,
    RawItem,
    ReadContext,
    ResourceKind,
    chunks,
    pascal_fields,
    with_region_tags,
)

FIELDS = ("applicationName", "applicationId", "computePlatform", "createTime", "gitHubAccountName", "linkedToGitHub")


def fetch_applications(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    codedeploy = clients.client("codedeploy", ctx.region)
    names = cd.application_names(codedeploy)
    infos: list[RawItem] = []
    for batch in chunks(names, cd.APPLICATION_BATCH):
        infos += codedeploy.batch_get_applications(applicationNames=batch).get("applicationsInfo", [])
    arn = lambda info: cd.application_arn(ctx, info["applicationName"])  # noqa: E731
    return with_region_tags(clients, ctx.region, "codedeploy:application", infos, arn)


def shape_application(item: RawItem, ctx: ReadContext) -> Properties:
    props = pascal_fields(item, FIELDS)
    props["Tags"] = item.get("Tags") or []
    props["Arn"] = cd.application_arn(ctx, item["applicationName"])
    return props


KIND = ResourceKind(
    "AWS::CodeDeploy::Application",
    "codedeploy",
    fetch_applications,
    shape_application,
    iam_actions=("codedeploy:ListApplications", "codedeploy:BatchGetApplications", "tag:GetResources"),
)
