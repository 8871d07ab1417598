"""Diff what AWS says against what Port holds, per scope, and write only the difference.

A scope is account x region x kind. Deletion in a scope needs that scope's read to
have completed; safeguards stop deletions that look like an outage, not a change.
"""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel
from pydantic import Field

from port_aws_pipeline.config import SafetySettings
from port_aws_pipeline.port.client import EntityError
from port_aws_pipeline.port.client import PortClient
from port_aws_pipeline.port.mapping import SCOPE_PREFIX
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY
from port_aws_pipeline.port.mapping import Entity
from port_aws_pipeline.port.mapping import WriteOptions

#: The scope-share guard only applies to scopes at least this big: removing 2 of 2 queues is a change, not an outage.
MIN_SCOPE_SIZE_FOR_GUARD = 10


class ScopeState(BaseModel):
    """What a partition computed for one scope."""

    scope: str
    kind: str
    complete: bool
    entities: list[Entity] = Field(default_factory=list)
    #: Why deletion is held although the read may be fine (a safeguard), for the report.
    blocked_reason: str | None = None


class ScopePlan(BaseModel):
    scope: str
    kind: str
    upserts: dict[str, list[Entity]] = Field(default_factory=dict)  # blueprint -> entities
    deletes: dict[str, list[str]] = Field(default_factory=dict)  # blueprint -> identifiers
    unchanged: int = 0
    deletion_blocked: str | None = None

    @property
    def upsert_count(self) -> int:
        return sum(map(len, self.upserts.values()))

    @property
    def delete_count(self) -> int:
        return sum(map(len, self.deletes.values()))


class ScopeResult(BaseModel):
    upserted: int = 0
    deleted: int = 0
    unchanged: int = 0
    blocked: list[str] = Field(default_factory=list)
    errors: list[str] = Field(default_factory=list)


class ReconcileReport(ScopeResult):
    """Counts of one write pass (the sums of its scopes'); THE place deletions are counted (per scope, summed here)."""

    by_kind: dict[str, dict[str, int]] = Field(default_factory=dict)
    by_scope: dict[str, ScopeResult] = Field(default_factory=dict)

    def scope(self, scope: str) -> ScopeResult:
        return self.by_scope.setdefault(scope, ScopeResult())

    def count(self, plan: ScopePlan, what: str, n: int) -> None:
        setattr(self, what, getattr(self, what) + n)
        counts = self.by_kind.setdefault(plan.kind, {"upserted": 0, "deleted": 0, "unchanged": 0})
        counts[what] += n
        result = self.scope(plan.scope)
        setattr(result, what, getattr(result, what) + n)

    def add_errors(self, errors: list[EntityError], owners: dict[str, ScopePlan] | None = None) -> None:
        for error in errors:
            self.errors.append(error.line())
            owner = (owners or {}).get(error.identifier)
            if owner:
                self.scope(owner.scope).errors.append(error.line())

    def for_prefix(self, prefix: str) -> ScopeResult:
        """The sum over the scopes under `prefix` (one account x region)."""
        total = ScopeResult()
        for scope, result in self.by_scope.items():
            if scope.startswith(prefix):
                total.upserted += result.upserted
                total.deleted += result.deleted
                total.unchanged += result.unchanged
                total.blocked += result.blocked
                total.errors += result.errors
        return total


def _same(wanted, stored) -> bool:
    """Port answers unset fields as null or [] and numbers as floats; treat those alike."""
    if wanted in (None, [], {}) and stored in (None, [], {}):
        return True
    if isinstance(wanted, (int, float)) and isinstance(stored, (int, float)) and not isinstance(wanted, bool):
        return float(wanted) == float(stored)
    return wanted == stored


def entity_changed(wanted: Entity, stored: dict) -> bool:
    """Only fields this pipeline sets count; what people added in Port is not drift."""
    if wanted.title is not None and wanted.title != stored.get("title"):
        return True
    stored_props = stored.get("properties") or {}
    stored_rels = stored.get("relations") or {}
    return any(not _same(v, stored_props.get(k)) for k, v in wanted.properties.items()) or any(
        not _same(v, stored_rels.get(k)) for k, v in wanted.relations.items()
    )


def plan_scope(state: ScopeState, stored: list[dict], safety: SafetySettings) -> ScopePlan:
    """`stored` are the entities Port holds with this scope, across blueprints."""
    plan = ScopePlan(scope=state.scope, kind=state.kind)
    stored_by_id = {(e["blueprint"], e["identifier"]): e for e in stored}
    wanted_ids = set()
    for entity in state.entities:
        key = (entity.blueprint, entity.identifier)
        wanted_ids.add(key)
        current = stored_by_id.get(key)
        if current is None or entity_changed(entity, current):
            plan.upserts.setdefault(entity.blueprint, []).append(entity)
        else:
            plan.unchanged += 1
    gone = [key for key in stored_by_id if key not in wanted_ids]
    if not gone:
        return plan
    if not state.complete:
        why = state.blocked_reason or "read incomplete"
        plan.deletion_blocked = f"{state.scope}: {why}, {len(gone)} possibly stale entities kept"
        return plan
    if len(stored) >= MIN_SCOPE_SIZE_FOR_GUARD and len(gone) > safety.max_scope_delete_fraction * len(stored):
        plan.deletion_blocked = (
            f"{state.scope}: would delete {len(gone)} of {len(stored)} entities, more than "
            f"safety.max_scope_delete_fraction={safety.max_scope_delete_fraction}; nothing deleted"
        )
        return plan
    for blueprint, identifier in gone:
        plan.deletes.setdefault(blueprint, []).append(identifier)
    return plan


def scope_rule(operator: str, value: str) -> dict:
    return {"property": SCOPE_PROPERTY, "operator": operator, "value": value}


def stored_by_scope(client: PortClient, blueprints: list[str], rule: dict) -> dict[str, list[dict]]:
    """One paginated search per blueprint for our entities matching `rule`, grouped by scope."""
    grouped: dict[str, list[dict]] = defaultdict(list)
    rules = [rule]
    for blueprint in blueprints:
        for entity in client.search_entities(blueprint, rules):
            entity.setdefault("blueprint", blueprint)
            scope = (entity.get("properties") or {}).get(SCOPE_PROPERTY)
            if scope and scope.startswith(SCOPE_PREFIX):
                grouped[scope].append(entity)
    return grouped


def apply_plans(
    client: PortClient, plans: list[ScopePlan], blueprint_order: list[str], *, options: WriteOptions | None = None
) -> ReconcileReport:
    """Upserts in dependency order (targets first), deletes in reverse (dependents first).

    Each blueprint's writes of every scope go out together, so bulk batches fill up to 20
    across scopes; each written or deleted entity is counted once, on its scope.
    """
    options = options or WriteOptions()
    report = ReconcileReport()
    rank = {bp: i for i, bp in enumerate(blueprint_order)}
    by_rank = lambda bp: rank.get(bp, len(rank))  # noqa: E731
    for plan in plans:
        report.count(plan, "unchanged", plan.unchanged)
        if plan.deletion_blocked:
            report.blocked.append(plan.deletion_blocked)
            report.scope(plan.scope).blocked.append(plan.deletion_blocked)
    for blueprint in sorted({bp for p in plans for bp in p.upserts}, key=by_rank):
        owners = {e.identifier: plan for plan in plans for e in plan.upserts.get(blueprint, [])}
        payloads = [e.payload() for plan in plans for e in plan.upserts.get(blueprint, [])]
        result = client.upsert_entities(
            blueprint,
            payloads,
            merge=options.merge,
            create_missing_related_entities=options.create_missing_related_entities,
        )
        for identifier in result.written:
            if identifier in owners:
                report.count(owners[identifier], "upserted", 1)
        report.add_errors(result.errors, owners)
    for blueprint in sorted({bp for p in plans for bp in p.deletes}, key=by_rank, reverse=True):
        owners = {i: plan for plan in plans for i in plan.deletes.get(blueprint, [])}
        result = client.delete_entities(blueprint, list(owners), delete_dependents=options.delete_dependents)
        for identifier in result.written:
            if identifier in owners:
                report.count(owners[identifier], "deleted", 1)
        report.add_errors(result.errors, owners)
    return report


def reconcile(
    client: PortClient,
    states: list[ScopeState],
    *,
    scope_prefix: str,
    blueprints: list[str],
    blueprint_order: list[str],
    safety: SafetySettings,
    options: WriteOptions | None = None,
) -> ReconcileReport:
    """Bring every scope in `states` (all under `scope_prefix`) to what was read."""
    stored = stored_by_scope(client, blueprints, scope_rule("beginsWith", scope_prefix))
    plans = [plan_scope(state, stored.get(state.scope, []), safety) for state in states]
    return apply_plans(client, plans, blueprint_order, options=options)
