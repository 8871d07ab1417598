"""The one planner: which accounts and regions are added, kept, removed, or protected by the safeguards.

A pure function over what was synced before (the registered `account|region`
partition keys, plus accounts Port still holds) and what discovery found now. The
sensor (partitions), the organization step (deletions in Port) and the CLI all call
`plan_catalog`, so a glitch that makes half the organization vanish is refused the
same way everywhere.
"""

from __future__ import annotations

from pydantic import BaseModel
from pydantic import Field

from port_aws_pipeline.config import SafetySettings
from port_aws_pipeline.models import GLOBAL_REGION
from port_aws_pipeline.models import DiscoveredOrganization
from port_aws_pipeline.partitions import keys_for_account
from port_aws_pipeline.partitions import partition_key
from port_aws_pipeline.partitions import regions_by_account

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
    #: partition keys to register / to drop (after their entities were removed).
    add_keys: list[str] = Field(default_factory=list)
    remove_keys: list[str] = Field(default_factory=list)
    blocked: list[str] = Field(default_factory=list)

    @property
    def any_change(self) -> bool:
        return bool(self.add_keys or self.remove_keys or self.removed_accounts or self.removed_regions)

    def region_protected(self, account_id: str, region: str) -> bool:
        return account_id in self.protected_accounts or region in self.protected_regions.get(account_id, [])


def plan_catalog(
    registered_keys: list[str],
    discovered: DiscoveredOrganization,
    safety: SafetySettings,
    known_accounts: list[str] = (),
) -> CatalogPlan:
    """`registered_keys`: the `account|region` partitions (each account's synced regions last time);
    `known_accounts`: accounts Port still holds entities for (found even with a fresh Dagster instance)."""
    plan = CatalogPlan()
    previous = regions_by_account(registered_keys)
    found = {a.id for a in discovered.accounts}
    before = set(previous) | set(known_accounts)
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

    wanted: set[str] = set()
    for account in discovered.accounts:
        if account.error:
            wanted |= {partition_key(account.id, r) for r in previous.get(account.id, [])}  # unknown now: keep
            continue
        wanted |= set(keys_for_account(account.id, account.regions))
        was = set(previous.get(account.id, [])) - {GLOBAL_REGION}
        gone = sorted(was - set(account.regions))
        if not gone:
            continue
        if len(gone) > safety.max_region_loss_fraction * len(was):
            plan.protected_regions[account.id] = gone
            wanted |= {partition_key(account.id, r) for r in gone}
            plan.blocked.append(
                f"account {account.id}: {len(gone)} of {len(was)} synced regions left at once ({', '.join(gone)}), "
                f"more than safety.max_region_loss_fraction={safety.max_region_loss_fraction}; their entities are kept "
                f"(check aws.region_policy and the account's enabled regions; {CONFIRM_HINT})"
            )
        else:
            plan.removed_regions[account.id] = gone
    for account_id in plan.protected_accounts:
        wanted |= {partition_key(account_id, r) for r in previous.get(account_id, [])}
    plan.add_keys = sorted(wanted - set(registered_keys))
    plan.remove_keys = sorted(set(registered_keys) - wanted)
    return plan
