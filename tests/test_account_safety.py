"""Account- and region-level reconciliation against the Port emulator: departures and the loss guards."""

from port_aws_pipeline.config import PortSettings
from port_aws_pipeline.config import SafetySettings
from port_aws_pipeline.models import AwsAccount
from port_aws_pipeline.models import DiscoveredOrganization
from port_aws_pipeline.models import KindRead
from port_aws_pipeline.models import PartitionRead
from port_aws_pipeline.partitions import keys_for_account
from port_aws_pipeline.port.blueprints import ensure_blueprints
from port_aws_pipeline.port.blueprints import load_blueprints
from port_aws_pipeline.port.catalog import map_partition
from port_aws_pipeline.port.catalog import sync_accounts
from port_aws_pipeline.port.catalog import write_partition
from port_aws_pipeline.port.client import PortClient
from port_aws_pipeline.port.mapping import load_mapping
from port_aws_pipeline.reader import to_record

from .conftest import CLIENT_ID
from .conftest import CLIENT_SECRET

IDS = ["111111111111", "222222222222", "333333333333", "444444444444"]


REGIONS = ["us-east-1", "eu-west-1"]


def organization(ids, regions=("us-east-1",)):
    return DiscoveredOrganization(
        accounts=[AwsAccount(id=i, name=f"acct-{i}", regions=list(regions)) for i in ids],
        source="organizations",
        regions=[*regions, "global"],
    )


def queue_read(account_id, region="us-east-1"):
    arn = f"arn:aws:sqs:{region}:{account_id}:q"
    record = to_record(
        "AWS::SQS::Queue",
        {
            "QueueArn": arn,
            "Arn": arn,
            "QueueName": "q",
            "QueueUrl": f"https://sqs.{region}.amazonaws.com/{account_id}/q",
        },
        account_id,
        region,
    )
    return PartitionRead(
        account_id=account_id, region=region, kinds=[KindRead(kind="AWS::SQS::Queue", records=[record])]
    )


def populated(port_emulator, regions=("us-east-1",)):
    client = PortClient(PortSettings(base_url=port_emulator.url, client_id=CLIENT_ID, client_secret=CLIENT_SECRET))
    blueprints, mapping = load_blueprints(), load_mapping()
    ensure_blueprints(client, blueprints)
    sync_accounts(client, mapping, organization(IDS, regions), blueprints, SafetySettings())
    for account_id in IDS:
        for region in regions:
            read = queue_read(account_id, region)
            write_partition(client, mapping, map_partition(mapping, read), blueprints, SafetySettings())
    return client, mapping, blueprints


def identifiers(client, blueprint):
    return {e["identifier"] for e in client.search_entities(blueprint, [])}


def test_departed_account_loses_all_its_entities_and_nothing_else(port_emulator):
    client, mapping, blueprints = populated(port_emulator)
    report = sync_accounts(client, mapping, organization(IDS[1:]), blueprints, SafetySettings())
    assert report.plan.removed_accounts == [IDS[0]] and report.blocked == []
    assert report.removed.deleted == 2 and report.deleted == 2  # its queue and its awsAccount, counted once
    assert identifiers(client, "awsAccount") == set(IDS[1:])
    assert identifiers(client, "awsSqsQueue") == {f"arn:aws:sqs:us-east-1:{i}:q" for i in IDS[1:]}


def test_too_many_accounts_vanishing_at_once_deletes_nothing(port_emulator):
    client, mapping, blueprints = populated(port_emulator)
    report = sync_accounts(
        client, mapping, organization(IDS[:1]), blueprints, SafetySettings(max_account_loss_fraction=0.5)
    )
    assert report.plan.removed_accounts == [] and "3 of 4 accounts disappeared" in report.blocked[0]
    assert report.deleted == 0
    assert identifiers(client, "awsAccount") == set(IDS)
    assert len(identifiers(client, "awsSqsQueue")) == 4


def test_hand_made_entities_in_managed_blueprints_are_never_deleted(port_emulator):
    client, mapping, blueprints = populated(port_emulator)
    client.upsert_entities(
        "awsSqsQueue", [{"identifier": "handmade-queue", "properties": {"queueName": "mine"}, "relations": {}}]
    )
    empty = PartitionRead(account_id=IDS[0], region="us-east-1", kinds=[KindRead(kind="AWS::SQS::Queue")])
    report = write_partition(client, mapping, map_partition(mapping, empty), blueprints, SafetySettings())
    assert report.deleted == 1
    assert "handmade-queue" in identifiers(client, "awsSqsQueue")


def eu_west_1_leaves(port_emulator, max_region_loss_fraction):
    """Every account read in both `REGIONS`, then synced with only us-east-1 left: the client and the report."""
    client, mapping, blueprints = populated(port_emulator, REGIONS)
    registered = [k for i in IDS for k in keys_for_account(i, REGIONS)]
    report = sync_accounts(
        client,
        mapping,
        organization(IDS, ["us-east-1"]),
        blueprints,
        SafetySettings(max_region_loss_fraction=max_region_loss_fraction),
        registered,
    )
    return client, report


def test_a_region_that_leaves_is_cleaned_up_within_the_region_guard(port_emulator):
    client, report = eu_west_1_leaves(port_emulator, 0.5)
    assert report.plan.removed_regions == {i: ["eu-west-1"] for i in IDS}
    assert report.plan.remove_keys == sorted(f"{i}|eu-west-1" for i in IDS)
    assert report.removed.deleted == 4 and report.deleted == 4
    assert identifiers(client, "awsSqsQueue") == {f"arn:aws:sqs:us-east-1:{i}:q" for i in IDS}


def test_regions_leaving_beyond_the_guard_delete_nothing_and_say_how_to_confirm(port_emulator):
    client, report = eu_west_1_leaves(port_emulator, 0.4)
    assert report.plan.removed_regions == {} and report.plan.remove_keys == []
    assert set(report.plan.protected_regions) == set(IDS)
    assert report.deleted == 0
    assert (
        "safety.max_region_loss_fraction=0.4" in report.blocked[0] and "raise the fraction to 1.0" in report.blocked[0]
    )
    assert len(identifiers(client, "awsSqsQueue")) == 8
