"""The whole sync through Dagster: moto server, the Port emulator and a real instance.

One organization is built per test module; each test reads what it needs from Port
over HTTP, the way a user would check their catalog.
"""

from pathlib import Path

import boto3
import botocore.awsrequest
import botocore.client
import dagster as dg
import pandas as pd
import pytest
import requests
import yaml

from port_aws_pipeline.cli import main
from port_aws_pipeline.config import PortSettings
from port_aws_pipeline.devtools.seeding import OrgSpec
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import seed_organization
from port_aws_pipeline.partitions import PARTITIONS_NAME
from port_aws_pipeline.partitions import account_region_partitions
from port_aws_pipeline.partitions import regions_by_account
from port_aws_pipeline.port.client import PortClient
from port_aws_pipeline.sync import dagster_instance

from .conftest import CLIENT_ID
from .conftest import CLIENT_SECRET
from .conftest import deny_assume_role

SPEC = OrgSpec(
    accounts=4, suspended=1, regions=["us-east-1", "eu-west-1"], per_kind=1, kinds=["ec2", "s3", "lambda", "sqs", "ecs"]
)
RESOURCE_BLUEPRINTS = ["awsEc2Instance", "awsS3Bucket", "awsLambdaFunction", "awsSqsQueue", "awsEcsCluster"]
BULK_UPSERT = "POST /v1/blueprints/{bp}/entities/bulk"
BULK_DELETE = "POST /v1/blueprints/{bp}/bulk/entities/delete"


def port(emulator) -> PortClient:
    return PortClient(PortSettings(base_url=emulator.url, client_id=CLIENT_ID, client_secret=CLIENT_SECRET))


def catalog(emulator) -> dict[str, dict[str, dict]]:
    client = port(emulator)
    return {
        bp: {e["identifier"]: e for e in client.search_entities(bp, [])} for bp in ["awsAccount", *RESOURCE_BLUEPRINTS]
    }


def stats(emulator) -> dict[str, int]:
    return requests.get(f"{emulator.url}/_emulator/stats", timeout=5).json()["requests_by_route"]


def write_config(tmp_path, **aws) -> str:
    path = tmp_path / "port-aws.yaml"
    path.write_text(
        yaml.safe_dump(
            {"aws": aws, "port": {"client_id": "${PORT_CLIENT_ID}", "client_secret": "${PORT_CLIENT_SECRET}"}}
        )
    )
    return str(path)


@pytest.fixture
def org(aws):
    return seed_organization(SPEC)


@pytest.fixture
def synced(org, port_env, dagster_home, tmp_path, capsys):
    """Workloads OU (nested Prod and Dev included), us-east-1 only (eu-west-1 denied)."""
    config = write_config(
        tmp_path,
        target_ou_ids=[org.ous["Root/Workloads"]],
        region_policy={"allow": ["us-east-1", "eu-west-1"], "deny": ["eu-west-1"]},
    )
    code = main(["sync", "--config", config, "--parallel", "2"])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    assert "relation_targets_exist passed" in out.out and "FAILED" not in out.out
    return config


def in_workloads(org):
    return [a for a in org.active() if a.ou_path.startswith("Root/Workloads")]


def test_first_sync_lands_every_resource_of_target_ous_in_allowed_regions(org, synced, port_env):
    entities = catalog(port_env)
    expected_accounts = {a.id for a in in_workloads(org)}
    assert len(expected_accounts) == 3  # Prod, Dev and Workloads itself; Sandbox and the suspended account are out
    assert set(entities["awsAccount"]) == expected_accounts
    prod = next(a for a in org.accounts if a.ou_path == "Root/Workloads/Prod" and a.status == "ACTIVE")
    assert entities["awsAccount"][prod.id]["properties"]["ouPath"] == "Root/Workloads/Prod"
    for blueprint in RESOURCE_BLUEPRINTS:
        found = entities[blueprint]
        assert len(found) == len(expected_accounts), blueprint  # one per account, us-east-1 only
        for identifier, entity in found.items():
            assert identifier.startswith("arn:aws:")
            assert entity["properties"]["region"] == "us-east-1"
            assert entity["relations"]["account"] in expected_accounts
    assert {e["properties"]["bucketName"].split("-")[-2] for e in entities["awsS3Bucket"].values()} == {
        "1"
    }  # us-east-1 buckets


def test_partitions_are_registered_per_account_and_region(org, synced, dagster_home):
    instance = dagster_instance()
    registered = regions_by_account(instance.get_dynamic_partitions(PARTITIONS_NAME))
    assert registered == {a.id: ["us-east-1"] for a in in_workloads(org)}  # global kinds ride on us-east-1
    for check in ("no_read_errors", "no_port_rejections", "relation_targets_exist"):
        history = instance.event_log_storage.get_asset_check_execution_history(
            dg.AssetCheckKey(dg.AssetKey("port_upserts"), check), limit=100
        )
        assert len(history) == 1 and all(r.status.value == "SUCCEEDED" for r in history), check  # one ranged run
    keys = instance.get_dynamic_partitions(PARTITIONS_NAME)
    status = instance.get_status_by_partition(dg.AssetKey("port_upserts"), keys, account_region_partitions)
    assert set(status.values()) == {dg.AssetPartitionStatus.MATERIALIZED}
    runs = instance.get_runs()
    assert sorted(r.job_name for r in runs) == ["inventory", "sync_organization", "sync_partitions"]  # named jobs
    assert len({r.tags["port_aws_pipeline/resync"] for r in runs}) == 1  # grouped as one resync
    inventory = pd.read_csv(Path(dagster_home) / "storage" / "inventory_report.csv", dtype={"account_id": str})
    assert set(inventory["account_id"]) == {a.id for a in in_workloads(org)}
    assert set(inventory["region"]) == {"us-east-1"}
    buckets = inventory[inventory["kind"] == "AWS::S3::Bucket"]  # a global kind, read once per account
    assert len(buckets) == 3 and (buckets["resources_read"] > 0).all()
    sqs = inventory[inventory["kind"] == "AWS::SQS::Queue"]
    assert len(sqs) == 3 and sqs["resources_read"].sum() == 3 and sqs["written"].sum() == 3


def test_unchanged_resync_writes_nothing_and_deletes_nothing(synced, port_env, capsys):
    before = stats(port_env)
    assert main(["sync", "--config", synced, "--parallel", "2"]) == 0
    after = stats(port_env)
    assert after.get(BULK_UPSERT, 0) == before.get(BULK_UPSERT, 0)
    assert after.get(BULK_DELETE, 0) == before.get(BULK_DELETE, 0)
    assert "DELETE /v1/blueprints/{bp}/entities/{identifier}" not in after


def test_removed_resources_are_deleted_exactly(org, synced, port_env):
    account = in_workloads(org)[0]
    session = account_session(account.id, "us-east-1")
    sqs = session.client("sqs")
    queue_url = sqs.list_queues()["QueueUrls"][0]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sqs.delete_queue(QueueUrl=queue_url)
    ecs = session.client("ecs")
    cluster_arn = ecs.list_clusters()["clusterArns"][0]
    ecs.delete_cluster(cluster=cluster_arn)
    before = catalog(port_env)

    assert main(["sync", "--config", synced, "--parallel", "2"]) == 0

    after = catalog(port_env)
    gone = {(bp, i) for bp in before for i in before[bp]} - {(bp, i) for bp in after for i in after[bp]}
    assert gone == {("awsSqsQueue", queue_arn), ("awsEcsCluster", cluster_arn)}


def test_entity_deleted_by_hand_comes_back(synced, port_env):
    client = port(port_env)
    identifier = next(iter(catalog(port_env)["awsLambdaFunction"]))
    client.delete_entities("awsLambdaFunction", [identifier])
    assert identifier not in catalog(port_env)["awsLambdaFunction"]
    assert main(["sync", "--config", synced, "--parallel", "2"]) == 0
    assert identifier in catalog(port_env)["awsLambdaFunction"]


def test_account_moved_out_of_target_ou_is_removed_with_its_entities(org, synced, port_env, dagster_home):
    leaving = next(a for a in in_workloads(org) if a.ou_path == "Root/Workloads/Dev")
    boto3.client("organizations").move_account(
        AccountId=leaving.id, SourceParentId=leaving.ou_id, DestinationParentId=org.ous["Root/Sandbox"]
    )
    assert main(["sync", "--config", synced, "--parallel", "2"]) == 0
    entities = catalog(port_env)
    assert leaving.id not in entities["awsAccount"]
    for blueprint in RESOURCE_BLUEPRINTS:
        assert all(e["relations"]["account"] != leaving.id for e in entities[blueprint].values()), blueprint
        assert len(entities[blueprint]) == 2
    assert leaving.id not in regions_by_account(dagster_instance().get_dynamic_partitions(PARTITIONS_NAME))


def test_one_account_denied_fails_visibly_and_alone(org, synced, port_env, client_hooks, capsys):
    denied, *others = in_workloads(org)
    before = catalog(port_env)
    # Something changed in the other accounts: they must still be reconciled in this run.
    session = account_session(others[0].id, "us-east-1")
    session.client("sqs").create_queue(QueueName="added-later")
    client_hooks(deny_assume_role(denied.id))

    code = main(["sync", "--config", synced, "--parallel", "1"])  # hooks live in this process
    out = capsys.readouterr().out

    assert code == 1
    assert denied.id in out and "AccessDenied" in out and "Hint:" in out
    after = catalog(port_env)
    for blueprint in RESOURCE_BLUEPRINTS:

        def mine(entities, blueprint=blueprint):
            return {i for i, e in entities[blueprint].items() if e["relations"]["account"] == denied.id}

        assert mine(after) == mine(before), blueprint
    assert any(i.endswith(":added-later") for i in after["awsSqsQueue"])


def test_pipeline_never_calls_a_mutating_aws_api(org, port_env, dagster_home, tmp_path, monkeypatch):
    seen = []
    original = botocore.client.BaseClient._make_api_call

    def recording(self, operation_name, api_params):
        seen.append((self.meta.service_model.endpoint_prefix, operation_name))
        return original(self, operation_name, api_params)

    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", recording)
    config = write_config(
        tmp_path, target_ou_ids=[org.ous["Root/Workloads/Prod"]], region_policy={"allow": ["us-east-1"]}
    )
    assert main(["sync", "--config", config, "--parallel", "1"]) == 0  # recorded in this process
    services = {service for service, _ in seen}
    assert {"organizations", "sts", "ec2", "s3", "lambda", "sqs", "ecs"} <= services
    reads = ("List", "Describe", "Get")
    assert [c for c in seen if not (c[1].startswith(reads) or c[1] == "AssumeRole")] == []


def throttle_operation(operation):
    def handler(model, **kwargs):
        if model.name == operation:
            response = botocore.awsrequest.AWSResponse("https://aws", 400, {}, None)
            return response, {"Error": {"Code": "Throttling", "Message": "Rate exceeded"}}
        return None

    return handler


def test_failed_kind_blocks_deletion_in_its_scope_only(org, synced, port_env, client_hooks, capsys):
    first, second, *_ = in_workloads(org)
    sqs = account_session(first.id, "us-east-1").client("sqs")
    queue_url = sqs.list_queues()["QueueUrls"][0]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sqs.delete_queue(QueueUrl=queue_url)
    ecs = account_session(second.id, "us-east-1").client("ecs")
    cluster_arn = ecs.list_clusters()["clusterArns"][0]
    ecs.delete_cluster(cluster=cluster_arn)
    client_hooks(throttle_operation("ListQueues"))

    code = main(["sync", "--config", synced, "--parallel", "1"])
    out = capsys.readouterr().out

    assert code == 1
    assert f"account {first.id}, region us-east-1, kind AWS::SQS::Queue: Throttling" in out
    assert "no_read_errors FAILED" in out and "no_port_rejections passed" in out  # the run's asset checks
    entities = catalog(port_env)
    assert queue_arn in entities["awsSqsQueue"]  # its scope's read failed: kept
    assert cluster_arn not in entities["awsEcsCluster"]  # another kind, read completely: reconciled


def test_every_entity_lands_through_429s_and_503s(org, port_env, dagster_home, tmp_path):
    requests.post(
        f"{port_env.url}/_emulator/settings",
        json={"rate_limit": 3, "rate_window_seconds": 1, "fail_every_n": 6},
        timeout=5,
    )
    config = write_config(
        tmp_path, target_ou_ids=[org.ous["Root/Workloads/Prod"]], region_policy={"allow": ["us-east-1"]}
    )
    assert main(["sync", "--config", config, "--parallel", "2"]) == 0
    entities = catalog(port_env)
    prod = next(a for a in org.active() if a.ou_path == "Root/Workloads/Prod")
    assert set(entities["awsAccount"]) == {prod.id}
    assert all(len(entities[bp]) == 1 for bp in RESOURCE_BLUEPRINTS)
    stats = requests.get(f"{port_env.url}/_emulator/stats", timeout=5).json()
    assert stats["throttled"] > 0 and stats["injected_failures"] > 0
