"""AWS::CodeBuild::Project: ListProjects pages, BatchGetProjects 100 names at a time (tags included).

Properties are aws-v3's `ProjectProperties`: the keys BatchGetProjects returned, camelCase in PascalCase,
nested values as AWS gives them; `Tags` stays `[{key, value}]` (CodeBuild's own lowercase shape).
"""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import batch_described
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import pascal_fields

#: aws-v3 ProjectProperties, by AWS's camelCase name; a key AWS did not return is left out (exclude_unset).
FIELDS = (
    "arn", "artifacts", "autoRetryLimit", "badge", "buildBatchConfig", "cache", "concurrentBuildLimit", "created",
    "description", "encryptionKey", "environment", "fileSystemLocations", "lastModified", "logsConfig", "name",
    "projectVisibility", "publicProjectAlias", "queuedTimeoutInMinutes", "resourceAccessRole", "secondaryArtifacts",
    "secondarySources", "secondarySourceVersions", "serviceRole", "source", "sourceVersion", "tags",
    "timeoutInMinutes", "vpcConfig", "webhook",
)  # fmt: skip

IAM_ACTIONS = ("codebuild:ListProjects", "codebuild:BatchGetProjects")
BATCH = 100  # BatchGetProjects takes at most 100 names


def fetch_projects(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    codebuild = clients.client("codebuild", ctx.region)
    names = {"names": paginate(codebuild, "list_projects", "projects")}
    return batch_described(codebuild.batch_get_projects, names, BATCH, "projects")


def shape_project(item: RawItem, ctx: ReadContext) -> Properties:
    return pascal_fields(item, FIELDS)


KIND = ResourceKind("AWS::CodeBuild::Project", "codebuild", fetch_projects, shape_project, IAM_ACTIONS)
