"""The production instance config on a real PostgreSQL server: sensor and partitioned runs.

CI starts PostgreSQL (.ci/start-postgres) and sets PORT_AWS_TEST_POSTGRES_URL; a developer
machine without it skips, CI never does.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import dagster as dg
import pytest
import yaml

from port_aws_pipeline.cli import main
from port_aws_pipeline.dagster_compat import validate_instance_yaml
from port_aws_pipeline.devtools.seeding import OrgSpec
from port_aws_pipeline.devtools.seeding import seed_organization
from port_aws_pipeline.partitions import PARTITIONS_NAME

from .test_orchestration import tick
from .test_sync_e2e import write_config

DEPLOY_CONFIG = Path(__file__).resolve().parent.parent / "deploy" / "dagster.yaml"
POSTGRES_URL = os.environ.get("PORT_AWS_TEST_POSTGRES_URL")


def test_production_instance_config_is_valid(tmp_path):
    shutil.copyfile(DEPLOY_CONFIG, tmp_path / "dagster.yaml")
    config = validate_instance_yaml(str(tmp_path))
    assert "postgres" in config["storage"]
    assert config["run_coordinator"]["class"] == "QueuedRunCoordinator"
    assert config["run_launcher"]["class"] == "EcsRunLauncher"


@pytest.fixture
def postgres_home(tmp_path, monkeypatch):
    if not POSTGRES_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must provide PORT_AWS_TEST_POSTGRES_URL (.ci/start-postgres)")
        pytest.skip("no PostgreSQL server (set PORT_AWS_TEST_POSTGRES_URL, see .ci/start-postgres)")
    url = urlparse(POSTGRES_URL)
    for key, value in {
        "DAGSTER_PG_HOST": url.hostname,
        "DAGSTER_PG_USER": url.username,
        "DAGSTER_PG_PASSWORD": url.password,
        "DAGSTER_PG_DB": url.path.lstrip("/"),
    }.items():
        monkeypatch.setenv(key, value)
    production = yaml.safe_load(DEPLOY_CONFIG.read_text())
    local = {k: production[k] for k in ("storage", "run_coordinator", "concurrency")}  # no ECS launcher here
    home = tmp_path / "pg_home"
    home.mkdir()
    (home / "dagster.yaml").write_text(yaml.safe_dump(local))
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    instance = dg.DagsterInstance.get()
    instance.wipe()
    for key in instance.get_dynamic_partitions(PARTITIONS_NAME):
        instance.delete_dynamic_partition(PARTITIONS_NAME, key)
    instance.dispose()
    return home


def test_sensor_and_partitioned_sync_on_postgres(aws, port_env, postgres_home, tmp_path):
    org = seed_organization(OrgSpec(accounts=1, suspended=0, regions=["us-east-1"], per_kind=1, kinds=["ec2", "sqs"]))
    config = write_config(tmp_path, account_ids=[org.accounts[0].id], region_policy={"allow": ["us-east-1"]})
    assert main(["sync", "--config", config, "--parallel", "2"]) == 0
    instance = dg.DagsterInstance.get()
    assert type(instance.run_storage).__name__ == "PostgresRunStorage"
    runs = instance.get_runs()
    assert sorted(r.job_name for r in runs) == ["inventory", "sync_organization", "sync_partitions"]
    assert all(r.is_success for r in runs)  # organization run, one ranged run of its one key, the inventory
    assert sorted(instance.get_dynamic_partitions(PARTITIONS_NAME)) == [f"{org.accounts[0].id}|us-east-1"]
    result, _ = tick(instance, config)
    assert not result.run_requests and not result.dynamic_partitions_requests  # nothing changed
