from port_aws_pipeline.config import SafetySettings
from port_aws_pipeline.port.mapping import Entity
from port_aws_pipeline.port.reconcile import MIN_SCOPE_SIZE_FOR_GUARD
from port_aws_pipeline.port.reconcile import ScopeState
from port_aws_pipeline.port.reconcile import entity_changed
from port_aws_pipeline.port.reconcile import plan_scope

SAFETY = SafetySettings()


def entity(i, **props):
    return Entity(
        identifier=f"arn:{i}", title=f"t{i}", blueprint="bp", properties={"n": i, **props}, relations={"account": "1"}
    )


def stored(e: Entity, **extra_props):
    """What Port answers: every schema property (null when unset), numbers possibly as floats."""
    props = {
        **{k: (float(v) if isinstance(v, int) else v) for k, v in e.properties.items()},
        "other": None,
        **extra_props,
    }
    return {
        "identifier": e.identifier,
        "title": e.title,
        "blueprint": e.blueprint,
        "properties": props,
        "relations": dict(e.relations),
    }


def test_unchanged_scope_writes_and_deletes_nothing():
    wanted = [entity(i) for i in range(3)]
    plan = plan_scope(
        ScopeState(scope="s", kind="k", complete=True, entities=wanted), [stored(e) for e in wanted], SAFETY
    )
    assert plan.upsert_count == 0 and plan.delete_count == 0 and plan.unchanged == 3


def test_changed_new_and_gone_entities():
    wanted = [entity(1), entity(2, state="stopped"), entity(3)]
    port = [stored(entity(1)), stored(entity(2, state="running")), stored(entity(4))]
    plan = plan_scope(ScopeState(scope="s", kind="k", complete=True, entities=wanted), port, SAFETY)
    assert sorted(e.identifier for e in plan.upserts["bp"]) == ["arn:2", "arn:3"]
    assert plan.deletes == {"bp": ["arn:4"]}


def test_fields_people_added_in_port_are_not_drift():
    e = entity(1)
    assert not entity_changed(e, stored(e, owner="alice"))
    assert entity_changed(e, {**stored(e), "title": "renamed by hand"})


def test_incomplete_read_never_deletes():
    port = [stored(entity(i)) for i in range(3)]
    plan = plan_scope(ScopeState(scope="s", kind="k", complete=False, entities=[entity(0)]), port, SAFETY)
    assert plan.delete_count == 0 and "read incomplete" in plan.deletion_blocked


def test_guard_blocks_mass_deletion_in_a_big_scope_only():
    big = [stored(entity(i)) for i in range(MIN_SCOPE_SIZE_FOR_GUARD)]
    plan = plan_scope(ScopeState(scope="s", kind="k", complete=True, entities=[]), big, SAFETY)
    assert plan.delete_count == 0 and "max_scope_delete_fraction" in plan.deletion_blocked
    small = [stored(entity(i)) for i in range(2)]
    plan = plan_scope(ScopeState(scope="s", kind="k", complete=True, entities=[]), small, SAFETY)
    assert plan.delete_count == 2 and plan.deletion_blocked is None
