"""The sensor and the schedule, evaluated against a real instance and a moto organization."""

import boto3
import dagster as dg

from port_aws_pipeline.config import AppConfig
from port_aws_pipeline.dagster_compat import finish_backfill
from port_aws_pipeline.dagster_compat import record_backfill
from port_aws_pipeline.definitions import build_definitions
from port_aws_pipeline.partitions import PARTITIONS_NAME
from port_aws_pipeline.partitions import regions_by_account
from port_aws_pipeline.resources import PipelineSettings
from port_aws_pipeline.schedules import build_resync_schedule
from port_aws_pipeline.sensors import build_organization_sensor
from port_aws_pipeline.sync import dagster_instance

from .test_sync_e2e import catalog  # noqa: F401 - fixtures
from .test_sync_e2e import in_workloads  # noqa: F401 - fixtures
from .test_sync_e2e import org  # noqa: F401 - fixtures
from .test_sync_e2e import synced  # noqa: F401 - fixtures
from .test_sync_e2e import write_config  # noqa: F401 - fixtures

defs = build_definitions(AppConfig())
ASSETS = list(defs.assets)
organization_accounts_sensor = build_organization_sensor(300, ASSETS)
resync_schedule = build_resync_schedule("0 * * * *", ASSETS)


def test_definitions_load_from_the_config_file(tmp_path, monkeypatch):
    config = tmp_path / "port-aws.yaml"
    config.write_text("resync:\n  cron: '15 */2 * * *'\n  sensor_interval_seconds: 120\n")
    monkeypatch.setenv("PORT_AWS_CONFIG", str(config))
    from port_aws_pipeline.definitions import defs as factory

    monkeypatch.setenv("PORT_CLIENT_ID", "id-from-env")
    monkeypatch.setenv("PORT_CLIENT_SECRET", "secret-from-env")
    loaded = factory()
    dg.Definitions.validate_loadable(loaded)
    port = loaded.resources["port"]  # secrets reach Dagster as EnvVar names, never as values
    assert isinstance(port.client_secret, dg.EnvVar) and port.client_secret.env_var_name == "PORT_CLIENT_SECRET"
    assert isinstance(port.client_id, dg.EnvVar)
    assert loaded.get_schedule_def("resync_schedule").cron_schedule == "15 */2 * * *"
    assert loaded.get_sensor_def("organization_accounts_sensor").minimum_interval_seconds == 120
    config.write_text("resync:\n  cronn: x\n")
    try:
        factory()
        raise AssertionError("a bad config must fail the load")
    except Exception as exc:  # noqa: BLE001
        assert "resync.cronn: unknown key; did you mean cron?" in str(exc)


def tick(instance, config_path, cursor=None):
    context = dg.build_sensor_context(
        instance=instance,
        cursor=cursor,
        resources={"settings": PipelineSettings(config_path=config_path)},
        repository_def=defs.get_repository_def(),
    )
    return organization_accounts_sensor(context), context


def apply(instance, result: dg.SensorResult):
    """What the sensor daemon does with the partition requests."""
    for request in result.dynamic_partitions_requests:
        if isinstance(request, dg.AddDynamicPartitionsRequest):
            instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
        else:
            for key in request.partition_keys:
                instance.delete_dynamic_partition(request.partitions_def_name, key)


def backfill_keys(request) -> set[str]:
    return set(request.asset_graph_subset.get_partitions_subset(dg.AssetKey("port_upserts")).get_partition_keys())


def test_sensor_adds_and_removes_exactly_the_changed_accounts(org, synced, port_env, dagster_home):  # noqa: F811
    instance = dagster_instance()
    organizations = boto3.client("organizations")
    leaving = next(a for a in in_workloads(org) if a.ou_path == "Root/Workloads/Dev")
    organizations.move_account(
        AccountId=leaving.id, SourceParentId=leaving.ou_id, DestinationParentId=org.ous["Root/Sandbox"]
    )
    created = organizations.create_account(Email="new@example.com", AccountName="new-team")["CreateAccountStatus"]
    new_id = organizations.describe_create_account_status(CreateAccountRequestId=created["Id"])["CreateAccountStatus"][
        "AccountId"
    ]
    organizations.move_account(
        AccountId=new_id, SourceParentId=org.root_id, DestinationParentId=org.ous["Root/Workloads/Prod"]
    )

    result, _ = tick(instance, synced)

    added = [r for r in result.dynamic_partitions_requests if isinstance(r, dg.AddDynamicPartitionsRequest)]
    deleted = [r for r in result.dynamic_partitions_requests if isinstance(r, dg.DeleteDynamicPartitionsRequest)]
    assert [(r.partitions_def_name, sorted(r.partition_keys)) for r in added] == [
        (PARTITIONS_NAME, [f"{new_id}|us-east-1"])
    ]
    assert [(r.partitions_def_name, sorted(r.partition_keys)) for r in deleted] == [
        (PARTITIONS_NAME, [f"{leaving.id}|us-east-1"])
    ]
    # One backfill: discovery + awsAccount entities + cleanup of what left, then only the new account's keys.
    [request] = result.run_requests
    assert dg.AssetKey("port_accounts") in request.asset_graph_subset.non_partitioned_asset_keys
    assert backfill_keys(request) == {f"{new_id}|us-east-1"}

    apply(instance, result)
    assert set(regions_by_account(instance.get_dynamic_partitions(PARTITIONS_NAME))) == (
        {a.id for a in in_workloads(org)} - {leaving.id} | {new_id}
    )
    second, _ = tick(instance, synced, cursor=result.cursor)
    assert isinstance(second, dg.SkipReason)


def test_schedule_requests_one_backfill_of_every_partition(org, synced, dagster_home):  # noqa: F811
    instance = dagster_instance()
    context = dg.build_schedule_context(instance=instance, repository_def=defs.get_repository_def())
    request = resync_schedule(context)
    assert request.asset_graph_subset is not None
    assert backfill_keys(request) == set(instance.get_dynamic_partitions(PARTITIONS_NAME))
    assert dg.AssetKey("aws_accounts") in request.asset_graph_subset.non_partitioned_asset_keys


def test_schedule_skips_while_the_previous_resync_runs(dagster_home):
    instance = dagster_instance()
    instance.add_dynamic_partitions(PARTITIONS_NAME, ["111111111111|eu-west-1", "111111111111|us-east-1"])
    context = dg.build_schedule_context(instance=instance, repository_def=defs.get_repository_def())
    request = resync_schedule(context)
    record_backfill(instance, request, "resync-1")
    assert isinstance(resync_schedule(context), dg.SkipReason)
    finish_backfill(instance, "resync-1")
    assert isinstance(resync_schedule(context), dg.RunRequest)


def test_first_tick_registers_everything_and_requests_one_backfill(org, port_env, dagster_home, tmp_path):  # noqa: F811
    config = write_config(tmp_path, target_ou_ids=[org.ous["Root/Workloads"]], region_policy={"allow": ["us-east-1"]})
    instance = dagster_instance()
    result, _ = tick(instance, config)
    expected = {f"{a.id}|us-east-1" for a in in_workloads(org)}
    added = {r.partitions_def_name: set(r.partition_keys) for r in result.dynamic_partitions_requests}
    assert added == {PARTITIONS_NAME: expected}
    [request] = result.run_requests
    assert dg.AssetKey("aws_accounts") in request.asset_graph_subset.non_partitioned_asset_keys
    assert backfill_keys(request) == expected


def test_partitioned_asset_runs_chunks_of_n_partitions():
    """The BackfillPolicy the backfill daemon reads: ceil(keys / N) runs for a full resync."""
    definitions = build_definitions(AppConfig.model_validate({"run": {"max_partitions_per_run": 7}}))
    policy = definitions.resolve_assets_def("port_upserts").backfill_policy
    assert policy.max_partitions_per_run == 7
