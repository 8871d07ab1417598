"""`resync_schedule`: every partition, as one backfill, never overlapping the previous one."""

import dagster as dg

from port_aws_pipeline.assets import ALL_ASSETS, ORGANIZATION_ASSETS, PARTITIONED_ASSETS
from port_aws_pipeline.dagster_compat import backfill_in_progress, backfill_request

RESYNC_TAG = "port_aws_pipeline/resync"


def full_resync_request(context, reason: str, partition_keys: list[dg.MultiPartitionKey] | None = None) -> dg.RunRequest:
    """One backfill of every asset and partition: Dagster runs discovery and awsAccount
    entities first, then each account x region partition.

    `partition_keys` names the partitions when they are being registered in the same tick.
    """
    keys = [str(k) for k in partition_keys] if partition_keys is not None else None
    return backfill_request(context, ALL_ASSETS, ORGANIZATION_ASSETS, PARTITIONED_ASSETS, {RESYNC_TAG: reason}, keys)


def build_resync_schedule(cron: str) -> dg.ScheduleDefinition:
    @dg.schedule(
        name="resync_schedule",
        cron_schedule=cron,
        target=ALL_ASSETS,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="Resyncs every account x region partition (cron from `resync.cron`, default hourly). "
        "Skips a tick while the previous resync still runs; never aborts it.",
    )
    def resync_schedule(context: dg.ScheduleEvaluationContext):
        if backfill_in_progress(context.instance, RESYNC_TAG):
            return dg.SkipReason("the previous resync is still running; it is left to finish")
        return full_resync_request(context, "schedule")

    return resync_schedule
