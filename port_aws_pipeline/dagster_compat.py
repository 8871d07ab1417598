"""The one place that touches Dagster internals: launching a resync as ONE asset backfill.

Dagster 1.13 has no public API for a schedule or sensor to request an asset backfill
(`RunRequest.for_asset_graph_subset` and `AssetGraphSubset` are documented as private),
and a backfill is what runs discovery and the awsAccount entities before every partition
and shows a resync as one row in the UI. `tests/test_dagster_compat.py` pins the Dagster
version this was verified on; upgrading Dagster means re-checking this module.
"""

from __future__ import annotations

import dagster as dg
from dagster._core.definitions.assets.graph.asset_graph_subset import AssetGraphSubset  # noqa: TID251
from dagster._core.definitions.events import AssetKeyPartitionKey  # noqa: TID251
from dagster._core.execution.backfill import BulkActionsFilter  # noqa: TID251
from dagster._core.execution.backfill import BulkActionStatus  # noqa: TID251

VERIFIED_DAGSTER = "1.13"
IN_PROGRESS = [BulkActionStatus.REQUESTED, BulkActionStatus.CANCELING]


def backfill_request(
    context,
    all_assets: list[dg.AssetsDefinition],
    unpartitioned: list[dg.AssetsDefinition],
    partitioned: list[dg.AssetsDefinition],
    tags: dict[str, str],
    partition_keys: list[str] | None = None,
) -> dg.RunRequest:
    """A RunRequest the daemon turns into one backfill of every asset (or of `partition_keys`)."""
    asset_graph = context.repository_def.asset_graph
    with dg.partition_loading_context(dynamic_partitions_store=context.instance):
        if partition_keys is None:
            subset = AssetGraphSubset.from_asset_keys([key for a in all_assets for key in a.keys], asset_graph)
        else:
            targets = {AssetKeyPartitionKey(key) for a in unpartitioned for key in a.keys}
            targets |= {
                AssetKeyPartitionKey(key, str(k)) for a in partitioned for key in a.keys for k in partition_keys
            }
            subset = AssetGraphSubset.from_asset_partition_set(targets, asset_graph)
    return dg.RunRequest.for_asset_graph_subset(subset, tags=tags)


def backfill_in_progress(instance: dg.DagsterInstance, tag: str) -> bool:
    """Whether a backfill carrying `tag` is still requested or being canceled."""
    return any(
        tag in backfill.tags
        for status in IN_PROGRESS
        for backfill in instance.get_backfills(filters=BulkActionsFilter(statuses=[status]))
    )


def record_backfill(instance: dg.DagsterInstance, request: dg.RunRequest, backfill_id: str) -> None:
    """What the daemon does with `backfill_request`'s RunRequest (tests and the benchmark use it)."""
    import time

    from dagster._core.execution.backfill import PartitionBackfill  # noqa: TID251

    instance.add_backfill(
        PartitionBackfill.from_asset_graph_subset(
            backfill_id=backfill_id,
            backfill_timestamp=time.time(),
            tags=request.tags,
            dynamic_partitions_store=instance,
            asset_graph_subset=request.asset_graph_subset,
            title=None,
            description=None,
            run_config=None,
        )
    )


def finish_backfill(instance: dg.DagsterInstance, backfill_id: str) -> None:
    backfill = instance.get_backfill(backfill_id)
    instance.update_backfill(backfill.with_status(BulkActionStatus.COMPLETED_SUCCESS))


def validate_instance_yaml(home: str) -> dict:
    """Dagster's own schema check of `$home/dagster.yaml` (raises on an invalid file)."""
    from dagster._core.instance.config import dagster_instance_config  # noqa: TID251

    config, _ = dagster_instance_config(home)
    return config


#: Dagster's tags for a ranged run (one run over a contiguous range of partition keys); these strings are what
#: `RunRequest.partition_key_range` and the backfill daemon read. Pinned by tests/test_dagster_compat.py.
PARTITION_RANGE_START_TAG = "dagster/asset_partition_range_start"
PARTITION_RANGE_END_TAG = "dagster/asset_partition_range_end"


def range_tags(first_key: str, last_key: str) -> dict[str, str]:
    return {PARTITION_RANGE_START_TAG: first_key, PARTITION_RANGE_END_TAG: last_key}
