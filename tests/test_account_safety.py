"""Account-level reconciliation against the Port emulator: departures and the mass-loss guard."""

from port_aws_pipeline.config import PortSettings, SafetySettings
from port_aws_pipeline.models import AwsAccount, DiscoveredOrganization
from port_aws_pipeline.port.blueprints import ensure_blueprints, load_blueprints
from port_aws_pipeline.port.catalog import map_partition, sync_accounts, write_partition
from port_aws_pipeline.port.client import PortClient
from port_aws_pipeline.port.mapping import load_mapping
from port_aws_pipeline.models import KindRead, PartitionRead

from .conftest import CLIENT_ID, CLIENT_SECRET

IDS = ["111111111111", "222222222222", "333333333333", "444444444444"]


def organization(ids):
    return DiscoveredOrganization(accounts=[AwsAccount(id=i, name=f"acct-{i}", regions=["us-east-1"]) for i in ids],
                                  source="organizations", regions=["us-east-1", "global"])


def queue_read(account_id):
    record = {"Type": "AWS::SQS::Queue", "Properties": {"Arn": f"arn:aws:sqs:us-east-1:{account_id}:q", "QueueName": "q"},
              "__ExtraContext": {"AccountId": account_id, "Region": "us-east-1"}}
    return PartitionRead(account_id=account_id, region="us-east-1", kinds=[KindRead(kind="AWS::SQS::Queue", records=[record])])


def populated(port_emulator):
    client = PortClient(PortSettings(base_url=port_emulator.url, client_id=CLIENT_ID, client_secret=CLIENT_SECRET))
    blueprints, mapping = load_blueprints(), load_mapping()
    ensure_blueprints(client, blueprints)
    sync_accounts(client, mapping, organization(IDS), blueprints, SafetySettings())
    for account_id in IDS:
        write_partition(client, mapping, map_partition(mapping, queue_read(account_id)), blueprints, SafetySettings())
    return client, mapping, blueprints


def identifiers(client, blueprint):
    return {e["identifier"] for e in client.search_entities(blueprint, [])}


def test_departed_account_loses_all_its_entities_and_nothing_else(port_emulator):
    client, mapping, blueprints = populated(port_emulator)
    report = sync_accounts(client, mapping, organization(IDS[1:]), blueprints, SafetySettings())
    assert report.departed == [IDS[0]] and report.blocked is None
    assert identifiers(client, "awsAccount") == set(IDS[1:])
    assert identifiers(client, "awsSqsQueue") == {f"arn:aws:sqs:us-east-1:{i}:q" for i in IDS[1:]}


def test_too_many_accounts_vanishing_at_once_deletes_nothing(port_emulator):
    client, mapping, blueprints = populated(port_emulator)
    report = sync_accounts(client, mapping, organization(IDS[:1]), blueprints, SafetySettings(max_account_loss_fraction=0.5))
    assert report.departed == [] and "3 of 4 accounts disappeared" in report.blocked
    assert identifiers(client, "awsAccount") == set(IDS)
    assert len(identifiers(client, "awsSqsQueue")) == 4


def test_hand_made_entities_in_managed_blueprints_are_never_deleted(port_emulator):
    client, mapping, blueprints = populated(port_emulator)
    client.upsert_entities("awsSqsQueue", [{"identifier": "handmade-queue", "properties": {"queueName": "mine"}, "relations": {}}])
    empty = PartitionRead(account_id=IDS[0], region="us-east-1", kinds=[KindRead(kind="AWS::SQS::Queue")])
    report = write_partition(client, mapping, map_partition(mapping, empty), blueprints, SafetySettings())
    assert report.deleted == 1
    assert "handmade-queue" in identifiers(client, "awsSqsQueue")
