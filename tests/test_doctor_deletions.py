"""`doctor --problem entities-not-deleted` reads Port itself and the Dagster run history.

Port: the emulator holds an entity the pipeline does not own (no awsSyncScope) next to
one it does. Dagster: blocked deletions are reported to a real instance at DAGSTER_HOME
as asset materializations, the way the assets record them.
"""

import dagster as dg
import pytest

from port_aws_pipeline.config import AppConfig
from port_aws_pipeline.config import PortSettings
from port_aws_pipeline.doctor.facts import Facts
from port_aws_pipeline.doctor.facts import read_run_history
from port_aws_pipeline.doctor.port_checks import check_blocked_deletions
from port_aws_pipeline.port.blueprints import ensure_blueprints
from port_aws_pipeline.port.blueprints import load_blueprints
from port_aws_pipeline.port.client import PortClient
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY
from port_aws_pipeline.port.mapping import scope_key

from .conftest import CLIENT_ID
from .conftest import CLIENT_SECRET
from .test_doctor import doctor
from .test_doctor import doctor_json
from .test_doctor import write_config

ACCOUNT = "111111111111"
SCOPE = scope_key(ACCOUNT, "us-east-1", "AWS::SQS::Queue")
SCOPE_LINE = f"{SCOPE}: would delete 12 of 12 entities, more than safety.max_scope_delete_fraction=0.9; nothing deleted"
INCOMPLETE_LINE = (
    f"{scope_key(ACCOUNT, 'eu-west-1', 'AWS::EC2::Instance')}: read incomplete, 3 possibly stale entities kept"
)


@pytest.fixture
def port_catalog(port_env):
    """Managed blueprints in the emulator; two hand-made queues and one the pipeline wrote."""
    client = PortClient(PortSettings(base_url=port_env.url, client_id=CLIENT_ID, client_secret=CLIENT_SECRET))
    ensure_blueprints(client, load_blueprints())
    written = client.upsert_entities(
        "awsSqsQueue",
        [
            {"identifier": "hand-made-1", "title": "made in the UI", "properties": {}, "relations": {}},
            {"identifier": "hand-made-2", "properties": {"queueName": "legacy"}, "relations": {}},
            {"identifier": "owned-1", "properties": {SCOPE_PROPERTY: SCOPE}, "relations": {}},
        ],
    )
    assert not written.errors
    return client


def materialize(*events: tuple[str, dict, str | None]) -> None:
    """(asset, metadata, partition) events, oldest first, into the instance at DAGSTER_HOME."""
    with dg.DagsterInstance.get() as instance:
        for asset, metadata, partition in events:
            event = dg.AssetMaterialization(asset_key=asset, partition=partition, metadata=metadata)
            instance.report_runless_asset_event(event)


def blocked_history() -> None:
    """Two partitions of port_upserts (one blocked then fixed, one blocked now) and port_accounts."""
    materialize(
        ("port_upserts", {"deletion_blocked": dg.MetadataValue.json([INCOMPLETE_LINE])}, f"{ACCOUNT}|eu-west-1"),
        ("port_upserts", {"deletion_blocked": dg.MetadataValue.json([])}, f"{ACCOUNT}|eu-west-1"),
        ("port_upserts", {"deletion_blocked": dg.MetadataValue.json([SCOPE_LINE])}, f"{ACCOUNT}|us-east-1"),
        ("port_accounts", {"deletion_blocked": ""}, None),
    )


def test_entities_not_deleted_names_unowned_entities_and_blocked_scopes(
    aws, port_catalog, dagster_home, tmp_path, capsys
):
    blocked_history()

    code, report = doctor_json(capsys, write_config(tmp_path, single_account=True), "--problem", "entities-not-deleted")

    assert code == 0, report  # what doctor found here is by design: warnings, not failures
    checks = {c["name"]: c for c in report["checks"]}
    unowned = checks["unowned_entities"]
    assert unowned["status"] == "warn"
    assert unowned["data"]["unowned"] == {"awsSqsQueue": {"count": 2, "examples": ["hand-made-1", "hand-made-2"]}}
    assert "awsSqsQueue: 2 entities without awsSyncScope, e.g. hand-made-1, hand-made-2" in unowned["details"]
    assert any("no sync ever deletes them" in d for d in unowned["details"])
    blocked = checks["blocked_deletions"]
    assert blocked["status"] == "warn"
    assert [(b["asset"], b["partition"], b["line"]) for b in blocked["data"]["blocked"]] == [
        ("port_upserts", f"{ACCOUNT}|us-east-1", SCOPE_LINE)
    ]  # eu-west-1's latest run deleted again
    assert any(
        d.startswith(f"port_upserts {ACCOUNT}|us-east-1 (run ") and d.endswith(SCOPE_LINE) for d in blocked["details"]
    )
    assert (
        "port_upserts (2 partition(s))" in blocked["details"][0]
        and "port_accounts (1 partition(s))" in (blocked["details"][0])
    )
    assert "safety.max_scope_delete_fraction (0.9)" in blocked["fix"] and "confirm in AWS" in blocked["fix"]
    notes = " ".join(report["notes"])
    for key in ("max_scope_delete_fraction", "max_account_loss_fraction", "max_region_loss_fraction"):
        assert f"safety.{key}" in notes
    assert "To confirm" in notes


def test_text_output_explains_each_finding(aws, port_catalog, dagster_home, tmp_path, capsys):
    blocked_history()

    code, out = doctor(capsys, write_config(tmp_path, single_account=True), "--problem", "entities-not-deleted")

    assert code == 0, out
    assert "! 4. entities the pipeline does not own" in out
    assert "! 5. deletions blocked in the last runs" in out
    assert "1 blocked deletion(s):" in out and SCOPE_LINE in out
    assert "Result: OK (warnings: entities the pipeline does not own, deletions blocked in the last runs)" in out


def test_incomplete_read_and_account_guard_get_their_own_fix(dagster_home):
    accounts_line = "2 of 3 accounts left at once, more than safety.max_account_loss_fraction=0.5; nothing deleted"
    materialize(
        ("port_upserts", {"deletion_blocked": dg.MetadataValue.json([INCOMPLETE_LINE])}, f"{ACCOUNT}|eu-west-1"),
        ("port_accounts", {"deletion_blocked": f"{accounts_line}\n"}, None),
    )

    check = check_blocked_deletions(Facts(AppConfig()))

    assert check.status == "warn"
    assert {b["line"] for b in check.data["blocked"]} == {INCOMPLETE_LINE, accounts_line}
    assert "fix the read error" in check.fix and "safety.max_account_loss_fraction (0.5)" in check.fix
    assert "max_scope_delete_fraction" not in check.fix


def test_unowned_entities_ok_when_every_entity_is_owned(aws, port_env, dagster_home, tmp_path, capsys):
    materialize()  # an instance that never ran a sync
    code, report = doctor_json(capsys, write_config(tmp_path, single_account=True), "--problem", "entities-not-deleted")

    checks = {c["name"]: c for c in report["checks"]}
    assert checks["unowned_entities"]["status"] == "ok" and checks["unowned_entities"]["data"]["unowned"] == {}
    assert checks["blocked_deletions"]["status"] == "warn"  # an empty instance: no sync ran with it
    assert "no sync has run with this instance" in checks["blocked_deletions"]["details"][0]
    assert code == 0


def test_no_dagster_instance_is_said_plainly(tmp_path, monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    assert (
        read_run_history().unavailable == "DAGSTER_HOME is not set, so there is no Dagster instance to read runs from"
    )

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "missing"))
    assert "does not exist" in read_run_history().unavailable

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    check = check_blocked_deletions(Facts(AppConfig()))
    assert check.status == "warn" and check.details == [
        f"no Dagster instance at DAGSTER_HOME={tmp_path} (no dagster.yaml, no run storage)"
    ]
    assert "DAGSTER_HOME the pipeline runs with" in check.fix
    assert not list(tmp_path.iterdir())  # doctor created no instance


def test_unreachable_port_fails_the_unowned_check_with_the_network_fix(
    aws, port_env, dagster_home, tmp_path, capsys, monkeypatch
):
    from .conftest import free_port

    monkeypatch.setattr("port_aws_pipeline.port.client.CONNECT_RETRY_WINDOW_SECONDS", 0.2)
    monkeypatch.setenv("PORT_BASE_URL", f"http://127.0.0.1:{free_port()}")

    code, report = doctor_json(capsys, write_config(tmp_path, single_account=True), "--problem", "entities-not-deleted")

    unowned = next(c for c in report["checks"] if c["name"] == "unowned_entities")
    assert code == 1 and unowned["status"] == "fail" and unowned["code"] == "port_unreachable"
