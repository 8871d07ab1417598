"""Shared by the CodeDeploy kinds: application names, ARNs, and the bounded deployment history.

aws-v3 reads every deployment CodeDeploy still lists (no bound). Here the history kinds
(Deployment, DeploymentTarget) read the deployments created in the last `LOOKBACK_DAYS`
(ListDeployments' own `createTimeRange`, filtered by AWS), at most `MAX_DEPLOYMENTS` per
region. Both kinds read the same window, so every target's deployment is also read.
"""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta

from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import batch_described
from port_aws_pipeline.kinds.base import paginate

LOOKBACK_DAYS = 30
MAX_DEPLOYMENTS = 1000
WORKERS = 8
#: BatchGetApplications and BatchGetDeploymentGroups take 100 names, BatchGetDeployments and
#: BatchGetDeploymentTargets 25 ids.
APPLICATION_BATCH = 100
GROUP_BATCH = 100
DEPLOYMENT_BATCH = 25
TARGET_BATCH = 25
#: One application, group or deployment deleted (or a deployment not started) between the list and the next
#: call: skipped. Anything else, AccessDenied included, fails the kind, so a denied listing never reads as empty.
GONE = {
    "ApplicationDoesNotExistException",
    "DeploymentDoesNotExistException",
    "DeploymentGroupDoesNotExistException",
    "DeploymentNotStartedException",
}


def application_arn(ctx: ReadContext, name: str) -> str:
    return f"arn:{ctx.partition}:codedeploy:{ctx.region}:{ctx.account_id}:application:{name}"


def deployment_group_arn(ctx: ReadContext, application: str, group: str) -> str:
    return f"arn:{ctx.partition}:codedeploy:{ctx.region}:{ctx.account_id}:deploymentgroup:{application}/{group}"


def application_names(codedeploy) -> list[str]:
    return sorted(paginate(codedeploy, "list_applications", "applications"))


def recent_deployment_ids(codedeploy, now: datetime | None = None) -> list[str]:
    """Ids of the deployments created in the last LOOKBACK_DAYS, at most MAX_DEPLOYMENTS."""
    start = (now or datetime.now(UTC)) - timedelta(days=LOOKBACK_DAYS)
    ids: list[str] = []
    for page in codedeploy.get_paginator("list_deployments").paginate(createTimeRange={"start": start}):
        ids += page.get("deployments", [])
        if len(ids) >= MAX_DEPLOYMENTS:
            break
    return ids[:MAX_DEPLOYMENTS]


def batch_get_deployments(codedeploy, ids: list[str]) -> list[dict]:
    return batch_described(
        codedeploy.batch_get_deployments, {"deploymentIds": ids}, DEPLOYMENT_BATCH, "deploymentsInfo"
    )
