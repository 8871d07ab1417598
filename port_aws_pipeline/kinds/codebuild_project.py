"""AWS::CodeBuild::Project: ListProjects pages, BatchGetProjects 100 names at a time (tags included).

Properties are aws-v3's `ProjectProperties`: the keys BatchGetProjects returned, camelCase in PascalCase,
nested values as AWS gives them; `Tags` stays `[{key, value}]` (CodeBuild's own lowercase shape).
"""

from port_aws_pipeline.kinds.base import (
    ClientProvider,
    Properties,
    RawItem,
    ReadContext,
    ResourceKind,
    chunks,
    paginate,
    pascal_fields,
)

BATCH = 100
#: aws-v3 ProjectProperties, by AWS's camelCase name; a key AWS did not return is left out (exclude_unset).
FIELDS = (
    "arn", "artifacts", "autoRetryLimit", "badge", "buildBatchConfig", "cache", "concurrentBuildLimit", "created",
    "description", "encryptionKey", "environment", "fileSystemLocations", "lastModified", "logsConfig", "name",
    "projectVisibility", "publicProjectAlias", "queuedTimeoutInMinutes", "resourceAccessRole", "secondaryArtifacts",
    "secondarySources", "secondarySourceVersions", "serviceRole", "source", "sourceVersion", "tags",
    "timeoutInMinutes", "vpcConfig", "webhook",
)  # fmt: skip


def fetch_projects(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    codebuild = clients.client("codebuild", ctx.region)
    projects: list[RawItem] = []
    for batch in chunks(paginate(codebuild, "list_projects", "projects"), BATCH):
        projects += codebuild.batch_get_projects(names=batch).get("projects", [])
    return projects


def shape_project(item: RawItem, ctx: ReadContext) -> Properties:
    return pascal_fields(item, FIELDS)


KIND = ResourceKind(
    "AWS::CodeBuild::Project",
    "codebuild",
    fetch_projects,
    shape_project,
    iam_actions=("codebuild:ListProjects", "codebuild:BatchGetProjects"),
)
