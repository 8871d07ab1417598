"""The three catalog steps the assets run: map a partition, write a partition, sync accounts.

Plain functions over pydantic models, so they are tested without Dagster.
"""

from __future__ import annotations

from pydantic import BaseModel
from pydantic import Field

from port_aws_pipeline.config import SafetySettings
from port_aws_pipeline.kinds import ACCOUNT_KIND
from port_aws_pipeline.models import GLOBAL_REGION
from port_aws_pipeline.models import AwsAccount
from port_aws_pipeline.models import DiscoveredOrganization
from port_aws_pipeline.models import PartitionRead
from port_aws_pipeline.models import SyncError
from port_aws_pipeline.planner import CatalogPlan
from port_aws_pipeline.planner import plan_catalog
from port_aws_pipeline.port.blueprints import dependency_order
from port_aws_pipeline.port.client import PortClient
from port_aws_pipeline.port.mapping import SCOPE_PREFIX
from port_aws_pipeline.port.mapping import Mapping
from port_aws_pipeline.port.mapping import MappingError
from port_aws_pipeline.port.mapping import account_scope_prefix
from port_aws_pipeline.port.mapping import scope_key
from port_aws_pipeline.port.reconcile import ReconcileReport
from port_aws_pipeline.port.reconcile import ScopePlan
from port_aws_pipeline.port.reconcile import ScopeState
from port_aws_pipeline.port.reconcile import apply_plans
from port_aws_pipeline.port.reconcile import plan_scope
from port_aws_pipeline.port.reconcile import reconcile
from port_aws_pipeline.port.reconcile import scope_rule
from port_aws_pipeline.port.reconcile import stored_by_scope


class PartitionEntities(BaseModel):
    """Output of `port_entities`: one scope per kind read, with what it maps to."""

    account_id: str
    region: str
    scopes: list[ScopeState]
    read_errors: list[SyncError] = Field(default_factory=list)
    mapping_errors: list[MappingError] = Field(default_factory=list)
    resources_read: dict[str, int] = Field(default_factory=dict)
    new_account: AwsAccount | None = None

    @property
    def scope_prefix(self) -> str:
        return f"{SCOPE_PREFIX}:{self.account_id}:{self.region}:"


def map_partition(mapping: Mapping, read: PartitionRead) -> PartitionEntities:
    scopes, mapping_errors = [], []
    for kind_read in read.kinds:
        scope = scope_key(read.account_id, read.region, kind_read.kind)
        entities, errors = mapping.map_records(kind_read.kind, kind_read.records, scope)
        mapping_errors += errors
        scopes.append(
            ScopeState(
                scope=scope,
                kind=kind_read.kind,
                complete=kind_read.complete,
                entities=entities,
                blocked_reason=kind_read.blocked,
            )
        )
    return PartitionEntities(
        account_id=read.account_id,
        region=read.region,
        scopes=scopes,
        read_errors=read.errors,
        mapping_errors=mapping_errors,
        resources_read={k.kind: len(k.records) for k in read.kinds},
        new_account=read.new_account,
    )


def managed_blueprints(mapping: Mapping, blueprint_defs: list[dict], kinds: set[str] | None = None) -> list[str]:
    """Blueprints that may hold our entities: the mapping's constant targets, else all defined."""
    wanted = set()
    for kind in kinds if kinds is not None else mapping.kinds:
        targets = mapping.blueprints_for_kind(kind)
        if not targets and mapping.by_kind.get(kind):
            return [b["identifier"] for b in blueprint_defs]
        wanted |= targets
    return sorted(wanted)


def write_entities(
    client: PortClient,
    mapping: Mapping,
    partitions: list[PartitionEntities],
    blueprint_defs: list[dict],
    safety: SafetySettings,
    scope_prefix: str,
) -> ReconcileReport:
    """Reconcile several partitions under one prefix (one account) with ONE search per blueprint."""
    scopes = [s for p in partitions for s in p.scopes]
    blueprints = managed_blueprints(mapping, blueprint_defs, {s.kind for s in scopes})
    blueprints = sorted(set(blueprints) | {e.blueprint for s in scopes for e in s.entities})
    return reconcile(
        client,
        scopes,
        scope_prefix=scope_prefix,
        blueprints=blueprints,
        blueprint_order=dependency_order(blueprint_defs),
        safety=safety,
        options=mapping.write_options,
    )


def write_partition(
    client: PortClient,
    mapping: Mapping,
    entities: PartitionEntities,
    blueprint_defs: list[dict],
    safety: SafetySettings,
) -> ReconcileReport:
    return write_entities(client, mapping, [entities], blueprint_defs, safety, entities.scope_prefix)


class AccountsReport(BaseModel):
    """What the organization step did: awsAccount entities, and what left (counted once, in `removed`)."""

    accounts: ReconcileReport
    removed: ReconcileReport = Field(default_factory=ReconcileReport)
    plan: CatalogPlan = Field(default_factory=CatalogPlan)
    errors: list[str] = Field(default_factory=list)

    @property
    def deleted(self) -> int:
        return self.accounts.deleted + self.removed.deleted

    @property
    def blocked(self) -> list[str]:
        return self.plan.blocked


def removal_plans(client: PortClient, prefix: str, blueprint_defs: list[dict]) -> list[ScopePlan]:
    """Every entity of ours under `prefix`, as delete plans (the awsAccount entity deleted last by order)."""
    stored = stored_by_scope(client, [b["identifier"] for b in blueprint_defs], scope_rule("beginsWith", prefix))
    plans = []
    for scope, entities in sorted(stored.items()):
        plan = ScopePlan(scope=scope, kind=scope.rsplit(":", 1)[-1])
        for entity in entities:
            plan.deletes.setdefault(entity["blueprint"], []).append(entity["identifier"])
        plans.append(plan)
    return plans


def account_scope_state(mapping: Mapping, account: AwsAccount) -> ScopeState:
    scope = scope_key(account.id, GLOBAL_REGION, ACCOUNT_KIND)
    entities, _ = mapping.map_records(ACCOUNT_KIND, [account.organizations_record()], scope)
    return ScopeState(scope=scope, kind=ACCOUNT_KIND, complete=True, entities=entities)


def sync_accounts(
    client: PortClient,
    mapping: Mapping,
    discovered: DiscoveredOrganization,
    blueprint_defs: list[dict],
    safety: SafetySettings,
    registered_keys: list[str] = (),
) -> AccountsReport:
    """Upsert the awsAccount entities, then remove what the planner clears: accounts that left and
    regions accounts stopped syncing. What the safeguards protect is kept and reported."""
    order = dependency_order(blueprint_defs)
    account_blueprints = managed_blueprints(mapping, blueprint_defs, {ACCOUNT_KIND})
    stored = stored_by_scope(client, account_blueprints, scope_rule("endsWith", f":{GLOBAL_REGION}:{ACCOUNT_KIND}"))
    states = [account_scope_state(mapping, account) for account in discovered.accounts]
    plans = [plan_scope(state, stored.get(state.scope, []), safety) for state in states]
    port_accounts = sorted({scope.split(":")[1] for scope in stored})
    plan = plan_catalog(list(registered_keys), discovered, safety, known_accounts=port_accounts)
    report = AccountsReport(accounts=apply_plans(client, plans, order, options=mapping.write_options), plan=plan)
    removals = [
        p
        for account_id in plan.removed_accounts
        for p in removal_plans(client, account_scope_prefix(account_id), blueprint_defs)
    ]
    removals += [
        p
        for account_id, regions in plan.removed_regions.items()
        for region in regions
        for p in removal_plans(client, f"{account_scope_prefix(account_id)}{region}:", blueprint_defs)
    ]
    if removals:
        report.removed = apply_plans(client, removals, order, options=mapping.write_options)
    return report


def relation_targets(relations: dict[str, list[str]], blueprint_defs: list[dict]) -> dict[str, set[str]]:
    """`{"<blueprint>.<relation>": ids}` as `{target blueprint: ids}`."""
    defined = {b["identifier"]: b.get("relations") or {} for b in blueprint_defs}
    wanted: dict[str, set[str]] = {}
    for name, identifiers in relations.items():
        blueprint, relation = name.split(".", 1)
        target = defined.get(blueprint, {}).get(relation, {}).get("target")
        if target:
            wanted.setdefault(target, set()).update(identifiers)
    return wanted


def missing_relation_targets(client: PortClient, wanted: dict[str, set[str]]) -> list[str]:
    """Relation targets Port does not hold: one search per target blueprint (ids in pages of 500)."""
    missing = []
    for blueprint, identifiers in sorted(wanted.items()):
        ids = sorted(identifiers)
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            rule = {"property": "$identifier", "operator": "in", "value": ids[start : start + 500]}
            found |= {e["identifier"] for e in client.search_entities(blueprint, [rule])}
        missing += [f"{blueprint}/{i}" for i in ids if i not in found]
    return missing
