"""`resync_schedule`: every partition, as one backfill, never overlapping the previous one."""

import dagster as dg
from dagster._core.definitions.assets.graph.asset_graph_subset import AssetGraphSubset
from dagster._core.execution.backfill import BulkActionStatus

from dagster._core.definitions.events import AssetKeyPartitionKey

from port_aws_pipeline.assets import ALL_ASSETS, ORGANIZATION_ASSETS, PARTITIONED_ASSETS
from port_aws_pipeline.config import ConfigError, load_config

RESYNC_TAG = "port_aws_pipeline/resync"
IN_PROGRESS = [BulkActionStatus.REQUESTED, BulkActionStatus.CANCELING]


def full_resync_request(context, reason: str, partition_keys: list[dg.MultiPartitionKey] | None = None) -> dg.RunRequest:
    """One backfill of every asset and partition: Dagster runs discovery and awsAccount
    entities first, then each account x region partition.

    `partition_keys` names the partitions when they are being registered in the same tick.
    """
    asset_graph = context.repository_def.asset_graph
    with dg.partition_loading_context(dynamic_partitions_store=context.instance):
        if partition_keys is None:
            subset = AssetGraphSubset.from_asset_keys([a.key for a in ALL_ASSETS], asset_graph)
        else:
            targets = {AssetKeyPartitionKey(a.key) for a in ORGANIZATION_ASSETS}
            targets |= {AssetKeyPartitionKey(a.key, str(k)) for a in PARTITIONED_ASSETS for k in partition_keys}
            subset = AssetGraphSubset.from_asset_partition_set(targets, asset_graph)
    return dg.RunRequest.for_asset_graph_subset(subset, tags={RESYNC_TAG: reason})


def resync_in_progress(instance: dg.DagsterInstance) -> bool:
    return any(
        RESYNC_TAG in backfill.tags
        for status in IN_PROGRESS
        for backfill in instance.get_backfills(filters=_status_filter(status))
    )


def _status_filter(status):
    from dagster._core.execution.backfill import BulkActionsFilter

    return BulkActionsFilter(statuses=[status])


def _cron() -> str:
    try:
        return load_config().resync.cron
    except ConfigError:
        return "0 * * * *"


@dg.schedule(
    name="resync_schedule",
    cron_schedule=_cron(),
    target=ALL_ASSETS,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Resyncs every account x region partition (cron from `resync.cron`, default hourly). "
    "Skips a tick while the previous resync still runs; never aborts it.",
)
def resync_schedule(context: dg.ScheduleEvaluationContext):
    if resync_in_progress(context.instance):
        return dg.SkipReason("the previous resync is still running; it is left to finish")
    return full_resync_request(context, "schedule")
