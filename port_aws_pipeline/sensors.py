"""`organization_accounts_sensor`: the partitions follow the organization by themselves."""

import hashlib
import json

import dagster as dg

from port_aws_pipeline.assets import ORGANIZATION_ASSETS, PARTITIONED_ASSETS
from port_aws_pipeline.assets.accounts import previous_regions_by_account
from port_aws_pipeline.aws.discovery import discover_accounts
from port_aws_pipeline.models import GLOBAL_REGION, DiscoveredOrganization
from port_aws_pipeline.planner import CatalogPlan, plan_catalog
from port_aws_pipeline.partitions import (
    ACCOUNTS_PARTITION,
    REGIONS_PARTITION,
    account_partitions,
    partition_key,
    partition_keys_for,
    region_partitions,
)
from port_aws_pipeline.resources import PipelineSettings
from port_aws_pipeline.schedules import full_resync_request

ACCOUNT_TAG = "port_aws_pipeline/account"
TRIGGER_TAG = "port_aws_pipeline/trigger"


def fingerprint(discovered: DiscoveredOrganization) -> str:
    state = {"accounts": sorted(a.id for a in discovered.accounts), "regions": discovered.regions}
    return hashlib.sha256(json.dumps(state).encode()).hexdigest()[:16]


def partition_run_requests(discovered: DiscoveredOrganization, changes: CatalogPlan, registered_accounts: list[str]) -> list[dg.RunRequest]:
    """Runs for new accounts (all their regions) and for existing accounts in newly synced regions."""
    requests = []
    for account in discovered.accounts:
        if account.id in changes.new_accounts:
            regions = [*account.regions, GLOBAL_REGION]
        elif account.id in registered_accounts:
            regions = [r for r in changes.new_region_keys if r in account.regions]
        else:
            continue
        for region in regions:
            key = partition_key(account.id, region)
            requests.append(dg.RunRequest(
                run_key=f"new-partition-{key}",
                partition_key=key,
                asset_selection=[a.key for a in PARTITIONED_ASSETS],
                run_config={"ops": {"raw_resources": {"config": {"account_json": account.model_dump_json()}}}},
                tags={ACCOUNT_TAG: account.id, TRIGGER_TAG: "sensor"},
            ))
    return requests


def build_organization_sensor(interval_seconds: int) -> dg.SensorDefinition:
    """The sensor, with its interval from the one loaded config."""

    @dg.sensor(
        name="organization_accounts_sensor",
        minimum_interval_seconds=interval_seconds,
        asset_selection=[a.key for a in ORGANIZATION_ASSETS + PARTITIONED_ASSETS],
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Adds partitions for accounts and regions that appear in AWS Organizations, runs just those, "
        "and cleans up (then removes) those that disappear.",
    )
    def organization_accounts_sensor(context: dg.SensorEvaluationContext, settings: PipelineSettings):
        return evaluate_organization(context, settings)

    return organization_accounts_sensor


def evaluate_organization(context: dg.SensorEvaluationContext, settings: PipelineSettings):
    config = settings.app_config
    discovered = discover_accounts(config.aws)
    current = fingerprint(discovered)
    registered_accounts = context.instance.get_dynamic_partitions(ACCOUNTS_PARTITION)
    registered_regions = context.instance.get_dynamic_partitions(REGIONS_PARTITION)
    changes = plan_catalog(registered_accounts, previous_regions_by_account(context.instance) or {}, registered_regions,
                           discovered, config.safety)
    for line in changes.blocked:
        context.log.warning(line)
    if context.cursor == current and not changes.any_change:
        return dg.SkipReason(f"organization unchanged ({len(discovered.accounts)} accounts, {len(discovered.regions)} region keys)")
    if not registered_accounts:
        keys = partition_keys_for([a.id for a in discovered.accounts], discovered.regions)
        run_requests = [full_resync_request(context, "first-discovery", keys)]  # first tick: everything, in order
    else:
        run_requests = partition_run_requests(discovered, changes, registered_accounts)
    if changes.removed_accounts or changes.removed_regions or changes.removed_region_keys:
        # Refreshes discovery and deletes what departed in Port before the partitions go.
        run_requests.append(dg.RunRequest(
            run_key=f"organization-{current}",
            asset_selection=[a.key for a in ORGANIZATION_ASSETS],
            tags={TRIGGER_TAG: "sensor"},
        ))
    partition_requests = []
    if changes.new_accounts:
        partition_requests.append(account_partitions.build_add_request(changes.new_accounts))
    if changes.new_region_keys:
        partition_requests.append(region_partitions.build_add_request(changes.new_region_keys))
    if changes.removed_accounts:
        partition_requests.append(account_partitions.build_delete_request(changes.removed_accounts))
    if changes.removed_region_keys:
        partition_requests.append(region_partitions.build_delete_request(changes.removed_region_keys))
    return dg.SensorResult(run_requests=run_requests, dynamic_partitions_requests=partition_requests, cursor=current)
