"""The one planner: which accounts and regions are added, kept, removed, or protected by the safeguards.

Pure functions over what was synced before and what discovery found now. The sensor
(partitions), the organization step (deletions in Port) and the CLI (partitions) all
call `plan_catalog`, so a glitch that makes half the organization vanish is refused
the same way everywhere.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from port_aws_pipeline.config import SafetySettings
from port_aws_pipeline.models import GLOBAL_REGION, DiscoveredOrganization

CONFIRM_HINT = "if this is intended, raise the fraction to 1.0 for one sync, then restore it"


class CatalogPlan(BaseModel):
    """What changes; `removed_*` may be deleted in Port, `protected_*` must not be."""

    new_accounts: list[str] = Field(default_factory=list)
    kept_accounts: list[str] = Field(default_factory=list)
    removed_accounts: list[str] = Field(default_factory=list)
    protected_accounts: list[str] = Field(default_factory=list)
    #: account -> regions it stopped syncing (policy change, region disabled), cleared for deletion.
    removed_regions: dict[str, list[str]] = Field(default_factory=dict)
    #: account -> regions it stopped syncing whose deletion the safeguards block.
    protected_regions: dict[str, list[str]] = Field(default_factory=dict)
    #: region partition keys to add / remove (no account syncs them any more, nothing protected).
    new_region_keys: list[str] = Field(default_factory=list)
    removed_region_keys: list[str] = Field(default_factory=list)
    blocked: list[str] = Field(default_factory=list)

    @property
    def any_change(self) -> bool:
        return bool(self.new_accounts or self.removed_accounts or self.removed_regions or self.new_region_keys
                    or self.removed_region_keys)

    def region_protected(self, account_id: str, region: str) -> bool:
        return region in self.protected_regions.get(account_id, [])


def plan_catalog(
    previous_accounts: list[str],
    previous_regions: dict[str, list[str]],
    registered_region_keys: list[str],
    discovered: DiscoveredOrganization,
    safety: SafetySettings,
) -> CatalogPlan:
    """`previous_accounts`: accounts synced before; `previous_regions`: each account's synced regions
    at the last discovery (may be empty on a first run); `registered_region_keys`: region partitions."""
    plan = CatalogPlan()
    found = {a.id for a in discovered.accounts}
    before = set(previous_accounts)
    plan.new_accounts = sorted(found - before)
    plan.kept_accounts = sorted(found & before)
    departed = sorted(before - found)
    if departed and len(departed) > safety.max_account_loss_fraction * len(before):
        plan.protected_accounts = departed
        plan.blocked.append(
            f"{len(departed)} of {len(before)} accounts disappeared at once, more than "
            f"safety.max_account_loss_fraction={safety.max_account_loss_fraction}; nothing of theirs deleted "
            f"(check aws.target_ou_ids and Organizations access; {CONFIRM_HINT})"
        )
    else:
        plan.removed_accounts = departed

    for account in discovered.accounts:
        if account.error or account.id not in before:
            continue  # regions unknown now, or a new account: nothing can be proven gone
        # Never recorded (first run after an upgrade): assume the registered regions, so the guard still applies.
        was = set(previous_regions.get(account.id, registered_region_keys)) - {GLOBAL_REGION}
        gone = sorted(was - set(account.regions))
        if not gone:
            continue
        if len(gone) > safety.max_region_loss_fraction * len(was):
            plan.protected_regions[account.id] = gone
            plan.blocked.append(
                f"account {account.id}: {len(gone)} of {len(was)} synced regions left at once ({', '.join(gone)}), "
                f"more than safety.max_region_loss_fraction={safety.max_region_loss_fraction}; their entities are kept "
                f"(check aws.region_policy and the account's enabled regions; {CONFIRM_HINT})"
            )
        else:
            plan.removed_regions[account.id] = gone

    current_keys = set(discovered.regions) | {GLOBAL_REGION}
    plan.new_region_keys = sorted(current_keys - set(registered_region_keys))
    if not any(a.error for a in discovered.accounts):
        protected = {r for regions in plan.protected_regions.values() for r in regions}
        plan.removed_region_keys = sorted(set(registered_region_keys) - current_keys - protected)
    return plan
