"""AWS::CodeDeploy::Application: ListApplications pages, BatchGetApplications 100 names at a time, tags of
every application in one tagging-API listing (aws-v3 asks ListTagsForResource once per application).

Properties are aws-v3's `CodeDeployApplicationProperties` (the keys AWS returned, in PascalCase) with
`Tags` as `[{Key, Value}]`, plus `Arn` (built from the name: no CodeDeploy call returns it).
"""

from port_aws_pipeline.kinds import _codedeploy as cd
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import batch_described
from port_aws_pipeline.kinds.base import pascal_fields
from port_aws_pipeline.kinds.base import with_region_tags

FIELDS = ("applicationName", "applicationId", "computePlatform", "createTime", "gitHubAccountName", "linkedToGitHub")

IAM_ACTIONS = ("codedeploy:ListApplications", "codedeploy:BatchGetApplications", "tag:GetResources")


def fetch_applications(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    codedeploy = clients.client("codedeploy", ctx.region)
    names = cd.application_names(codedeploy)
    describe = codedeploy.batch_get_applications
    infos = batch_described(describe, {"applicationNames": names}, cd.APPLICATION_BATCH, "applicationsInfo")
    arn = lambda info: cd.application_arn(ctx, info["applicationName"])  # noqa: E731
    return with_region_tags(clients, ctx.region, "codedeploy:application", infos, arn)


def shape_application(item: RawItem, ctx: ReadContext) -> Properties:
    props = pascal_fields(item, FIELDS)
    props["Tags"] = item.get("Tags") or []
    props["Arn"] = cd.application_arn(ctx, item["applicationName"])
    return props


KIND = ResourceKind("AWS::CodeDeploy::Application", "codedeploy", fetch_applications, shape_application, IAM_ACTIONS)
