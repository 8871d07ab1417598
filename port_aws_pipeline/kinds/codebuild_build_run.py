"""AWS::CodeBuild::BuildRun: ListBuilds (newest first) and BatchGetBuilds 100 ids at a time, bounded.

aws-v3 reads every build CodeBuild keeps. Here: the builds started in the last `LOOKBACK_DAYS`, at most
`MAX_BUILD_RUNS` per region. Listing stops at the cap or at the first page of 100 whose builds all started
before the window. Properties are aws-v3's `BuildRunProperties`: the keys BatchGetBuilds returned, in PascalCase.
"""

from datetime import UTC
from datetime import datetime
from datetime import timedelta

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import pascal_fields

LOOKBACK_DAYS = 30
MAX_BUILD_RUNS = 1000
#: aws-v3 BuildRunProperties, by AWS's camelCase name; a key AWS did not return is left out (exclude_unset).
FIELDS = (
    "arn", "artifacts", "autoRetryConfig", "buildBatchArn", "buildComplete", "buildNumber", "buildStatus", "cache",
    "currentPhase", "debugSession", "encryptionKey", "endTime", "environment", "exportedEnvironmentVariables",
    "fileSystemLocations", "id", "initiator", "logs", "networkInterface", "phases", "projectName",
    "queuedTimeoutInMinutes", "reportArns", "resolvedSourceVersion", "secondaryArtifacts", "secondarySources",
    "secondarySourceVersions", "serviceRole", "source", "sourceVersion", "startTime", "timeoutInMinutes", "vpcConfig",
)  # fmt: skip

IAM_ACTIONS = ("codebuild:ListBuilds", "codebuild:BatchGetBuilds")


def fetch_build_runs(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    codebuild = clients.client("codebuild", ctx.region)
    cutoff = datetime.now(UTC) - timedelta(days=LOOKBACK_DAYS)
    builds: list[RawItem] = []
    listed = 0
    # A ListBuilds page holds at most 100 ids: exactly one BatchGetBuilds call.
    for page in codebuild.get_paginator("list_builds").paginate(sortOrder="DESCENDING"):
        ids = page.get("ids", [])[: MAX_BUILD_RUNS - listed]
        if not ids:
            break
        listed += len(ids)
        found = codebuild.batch_get_builds(ids=ids).get("builds", [])
        recent = [b for b in found if b.get("startTime") is None or b["startTime"] >= cutoff]
        builds += recent
        if listed >= MAX_BUILD_RUNS or not recent:
            break
    return builds


def shape_build_run(item: RawItem, ctx: ReadContext) -> Properties:
    return pascal_fields(item, FIELDS)


KIND = ResourceKind("AWS::CodeBuild::BuildRun", "codebuild", fetch_build_runs, shape_build_run, IAM_ACTIONS)
