"""`organization_accounts_sensor`: the partitions follow the organization by themselves."""

from __future__ import annotations

import hashlib
import json

import dagster as dg

from port_aws_pipeline.assets import ORGANIZATION_ASSETS
from port_aws_pipeline.aws.discovery import discover_accounts
from port_aws_pipeline.models import DiscoveredOrganization
from port_aws_pipeline.partitions import PARTITIONS_NAME
from port_aws_pipeline.partitions import account_region_partitions
from port_aws_pipeline.planner import plan_catalog
from port_aws_pipeline.resources import PipelineSettings
from port_aws_pipeline.schedules import full_resync_request


def fingerprint(discovered: DiscoveredOrganization) -> str:
    state = {"accounts": sorted((a.id, a.regions) for a in discovered.accounts)}
    return hashlib.sha256(json.dumps(state).encode()).hexdigest()[:16]


def build_organization_sensor(interval_seconds: int, assets: list[dg.AssetsDefinition]) -> dg.SensorDefinition:
    """The sensor, with its interval from the one loaded config."""

    @dg.sensor(
        name="organization_accounts_sensor",
        minimum_interval_seconds=interval_seconds,
        asset_selection=[key for a in assets for key in a.keys],
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Adds partitions for accounts and regions that appear in AWS Organizations, syncs just those, "
        "and cleans up (then removes) those that disappear, under the safeguards.",
    )
    def organization_accounts_sensor(context: dg.SensorEvaluationContext, settings: PipelineSettings):
        return evaluate_organization(context, settings, assets)

    return organization_accounts_sensor


def evaluate_organization(context, settings: PipelineSettings, assets: list[dg.AssetsDefinition]):
    """One tick: discovery -> the planner -> partition requests and at most one backfill."""
    config = settings.app_config
    discovered = discover_accounts(config.aws)
    registered = context.instance.get_dynamic_partitions(PARTITIONS_NAME)
    plan = plan_catalog(registered, discovered, config.safety)
    for line in plan.blocked:
        context.log.warning(line)
    current = fingerprint(discovered)
    if context.cursor == current and not plan.any_change:
        return dg.SkipReason(f"organization unchanged ({len(discovered.accounts)} accounts)")
    run_requests = []
    if plan.any_change:
        # Discovery and the awsAccount entities first (it also deletes what left), then only the new keys.
        run_requests.append(full_resync_request(context, assets, "sensor", plan.add_keys))
    partition_requests = []
    if plan.add_keys:
        partition_requests.append(account_region_partitions.build_add_request(plan.add_keys))
    if plan.remove_keys:
        partition_requests.append(account_region_partitions.build_delete_request(plan.remove_keys))
    return dg.SensorResult(run_requests=run_requests, dynamic_partitions_requests=partition_requests, cursor=current)


__all__ = ["ORGANIZATION_ASSETS", "build_organization_sensor", "evaluate_organization", "fingerprint"]
