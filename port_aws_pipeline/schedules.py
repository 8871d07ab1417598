"""`resync_schedule`: every partition, as one backfill, never overlapping the previous one."""

from __future__ import annotations

import dagster as dg

from port_aws_pipeline.dagster_compat import backfill_in_progress
from port_aws_pipeline.dagster_compat import backfill_request

RESYNC_TAG = "port_aws_pipeline/resync"


def full_resync_request(
    context, assets: list[dg.AssetsDefinition], reason: str, partition_keys: list[str] | None = None
) -> dg.RunRequest:
    """One backfill: discovery and awsAccount entities first, then the partitions in ranged runs of
    `run.max_partitions_per_run` keys (the partitioned asset's BackfillPolicy).

    `partition_keys` names the partitions when they are being registered in the same tick.
    """
    partitioned = [a for a in assets if a.partitions_def is not None]
    unpartitioned = [a for a in assets if a.partitions_def is None]
    return backfill_request(context, assets, unpartitioned, partitioned, {RESYNC_TAG: reason}, partition_keys)


def build_resync_schedule(cron: str, assets: list[dg.AssetsDefinition]) -> dg.ScheduleDefinition:
    @dg.schedule(
        name="resync_schedule",
        cron_schedule=cron,
        target=assets,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="Resyncs every account x region partition (cron from `resync.cron`, default hourly) as one "
        "backfill of ceil(partitions / run.max_partitions_per_run) + 1 runs. Skips a tick while the previous "
        "resync still runs; never aborts it.",
    )
    def resync_schedule(context: dg.ScheduleEvaluationContext):
        if backfill_in_progress(context.instance, RESYNC_TAG):
            return dg.SkipReason("the previous resync is still running; it is left to finish")
        return full_resync_request(context, assets, "schedule")

    return resync_schedule
