"""The asset graph: organization assets (discovery, blueprints, awsAccount entities), then the partitioned chain."""

from __future__ import annotations

import dagster as dg

from port_aws_pipeline.assets.accounts import aws_accounts
from port_aws_pipeline.assets.accounts import port_accounts
from port_aws_pipeline.assets.accounts import port_blueprints
from port_aws_pipeline.assets.inventory import inventory_report
from port_aws_pipeline.assets.partitions import build_sync_partitions

ORGANIZATION_ASSETS = [aws_accounts, port_blueprints, port_accounts]
ORGANIZATION_JOB = "sync_organization"
PARTITIONS_JOB = "sync_partitions"
INVENTORY_JOB = "inventory"


def build_assets(max_partitions_per_run: int) -> list[dg.AssetsDefinition]:
    return [*ORGANIZATION_ASSETS, build_sync_partitions(max_partitions_per_run), inventory_report]


def build_jobs() -> list[dg.UnresolvedAssetJobDefinition]:
    """Named jobs, so a resync reads as `sync_organization` + `sync_partitions` runs in the UI."""
    from port_aws_pipeline.partitions import account_region_partitions

    return [
        dg.define_asset_job(
            ORGANIZATION_JOB,
            selection=[a.key for a in ORGANIZATION_ASSETS],
            description="Discovery, blueprints, awsAccount entities; removes what left",
        ),
        dg.define_asset_job(
            PARTITIONS_JOB,
            selection=dg.AssetSelection.assets("raw_resources", "port_entities", "port_upserts"),
            partitions_def=account_region_partitions,
            description="Read, map and write account x region partitions (ranged runs)",
        ),
        dg.define_asset_job(
            INVENTORY_JOB,
            selection=[inventory_report.key],
            description="The inventory report from every partition's latest sync",
        ),
    ]
