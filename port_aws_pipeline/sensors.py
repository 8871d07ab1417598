"""`organization_accounts_sensor`: the partitions follow the organization by themselves."""

import hashlib
import json

import dagster as dg
from pydantic import BaseModel

from port_aws_pipeline.assets import ORGANIZATION_ASSETS, PARTITIONED_ASSETS
from port_aws_pipeline.aws.discovery import discover_accounts
from port_aws_pipeline.config import ConfigError, load_config
from port_aws_pipeline.models import GLOBAL_REGION, DiscoveredOrganization
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


class PartitionChanges(BaseModel):
    new_accounts: list[str]
    departed_accounts: list[str]
    new_regions: list[str]
    departed_regions: list[str]
    blocked: str | None = None

    @property
    def any(self) -> bool:
        return bool(self.new_accounts or self.departed_accounts or self.new_regions or self.departed_regions)


def plan_partition_changes(
    registered_accounts: list[str], registered_regions: list[str], discovered: DiscoveredOrganization, max_account_loss_fraction: float
) -> PartitionChanges:
    """What to add and remove; a mass disappearance of accounts removes nothing (safety)."""
    known = set(registered_accounts)
    found = {a.id for a in discovered.accounts}
    departed = sorted(known - found)
    blocked = None
    if known and len(departed) > max_account_loss_fraction * len(known):
        blocked = (f"{len(departed)} of {len(known)} accounts disappeared at once (more than "
                   f"safety.max_account_loss_fraction={max_account_loss_fraction}); no partition removed")
        departed = []
    return PartitionChanges(
        new_accounts=sorted(found - known),
        departed_accounts=departed,
        new_regions=sorted(set(discovered.regions) - set(registered_regions)),
        departed_regions=discovered.departed_regions(registered_regions),
        blocked=blocked,
    )


def fingerprint(discovered: DiscoveredOrganization) -> str:
    state = {"accounts": sorted(a.id for a in discovered.accounts), "regions": discovered.regions}
    return hashlib.sha256(json.dumps(state).encode()).hexdigest()[:16]


def partition_run_requests(discovered: DiscoveredOrganization, changes: PartitionChanges, registered_accounts: list[str]) -> list[dg.RunRequest]:
    """Runs for new accounts (all their regions) and for existing accounts in newly synced regions."""
    requests = []
    for account in discovered.accounts:
        if account.id in changes.new_accounts:
            regions = [*account.regions, GLOBAL_REGION]
        elif account.id in registered_accounts:
            regions = [r for r in changes.new_regions if r in account.regions]
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


def _sensor_interval() -> int:
    try:
        return load_config().resync.sensor_interval_seconds
    except ConfigError:
        return 300


@dg.sensor(
    name="organization_accounts_sensor",
    minimum_interval_seconds=_sensor_interval(),
    asset_selection=[a.key for a in ORGANIZATION_ASSETS + PARTITIONED_ASSETS],
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Adds partitions for accounts and regions that appear in AWS Organizations, runs just those, "
    "and cleans up (then removes) those that disappear.",
)
def organization_accounts_sensor(context: dg.SensorEvaluationContext, settings: PipelineSettings):
    config = settings.app_config
    discovered = discover_accounts(config.aws)
    current = fingerprint(discovered)
    registered_accounts = context.instance.get_dynamic_partitions(ACCOUNTS_PARTITION)
    registered_regions = context.instance.get_dynamic_partitions(REGIONS_PARTITION)
    changes = plan_partition_changes(registered_accounts, registered_regions, discovered, config.safety.max_account_loss_fraction)
    if changes.blocked:
        context.log.warning(changes.blocked)
    if context.cursor == current and not changes.any:
        return dg.SkipReason(f"organization unchanged ({len(discovered.accounts)} accounts, {len(discovered.regions)} region keys)")
    if not registered_accounts:
        keys = partition_keys_for([a.id for a in discovered.accounts], discovered.regions)
        run_requests = [full_resync_request(context, "first-discovery", keys)]  # first tick: everything, in order
    else:
        run_requests = partition_run_requests(discovered, changes, registered_accounts)
    if changes.departed_accounts or changes.departed_regions:
        # Refreshes discovery and deletes what departed in Port before the partitions go.
        run_requests.append(dg.RunRequest(
            run_key=f"organization-{current}",
            asset_selection=[a.key for a in ORGANIZATION_ASSETS],
            tags={TRIGGER_TAG: "sensor"},
        ))
    partition_requests = []
    if changes.new_accounts:
        partition_requests.append(account_partitions.build_add_request(changes.new_accounts))
    if changes.new_regions:
        partition_requests.append(region_partitions.build_add_request(changes.new_regions))
    if changes.departed_accounts:
        partition_requests.append(account_partitions.build_delete_request(changes.departed_accounts))
    if changes.departed_regions:
        partition_requests.append(region_partitions.build_delete_request(changes.departed_regions))
    return dg.SensorResult(run_requests=run_requests, dynamic_partitions_requests=partition_requests, cursor=current)
