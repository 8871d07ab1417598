"""Organizations discovery on moto: the AWS::Organizations::Account record carries aws-v3's fields."""

from port_aws_pipeline.aws.calls import CallRecorder
from port_aws_pipeline.aws.discovery import discover_accounts
from port_aws_pipeline.config import AwsSettings
from port_aws_pipeline.devtools.seeding import OrgSpec
from port_aws_pipeline.devtools.seeding import create_organization


def test_accounts_carry_their_parent_state_and_ou_path(aws):
    org = create_organization(OrgSpec(accounts=4, suspended=1, regions=["us-east-1"]))
    discovered = discover_accounts(AwsSettings(region_policy={"allow": ["us-east-1"]}))
    by_id = {a.id: a for a in discovered.accounts}
    for seeded in org.active():
        account = by_id[seeded.id]
        record = account.organizations_record()["Properties"]
        assert record["Parents"] == [{"Id": seeded.ou_id, "Type": "ORGANIZATIONAL_UNIT"}]
        assert record["OuPath"] == seeded.ou_path
        assert record["Status"] == "ACTIVE"
        assert record["Tags"] == []
        assert set(record) >= {"Id", "Arn", "Name", "Email", "Parents", "Tags", "Status", "State", "JoinedTimestamp"}
    suspended = {a.id for a in org.accounts if a.status != "ACTIVE"}
    assert suspended and not suspended & set(by_id)  # only ACTIVE accounts are synced


def test_target_ous_walk_records_each_accounts_direct_parent(aws):
    org = create_organization(OrgSpec(accounts=4, suspended=0, regions=["us-east-1"]))
    workloads = org.ous["Root/Workloads"]
    discovered = discover_accounts(AwsSettings(target_ou_ids=[workloads], region_policy={"allow": ["us-east-1"]}))
    expected = {a.id: a.ou_id for a in org.active() if a.ou_path.startswith("Root/Workloads")}
    assert {a.id: a.parents[0]["Id"] for a in discovered.accounts} == expected
    assert len(set(expected.values())) == 3  # Workloads itself and its nested Prod and Dev


def test_account_tags_only_when_the_mapping_asks(aws):
    import boto3

    org = create_organization(OrgSpec(accounts=2, suspended=0, regions=["us-east-1"]))
    tagged = org.active()[0].id
    boto3.client("organizations").tag_resource(ResourceId=tagged, Tags=[{"Key": "team", "Value": "core"}])
    settings = AwsSettings(region_policy={"allow": ["us-east-1"]})
    plain = {a.id: a for a in discover_accounts(settings).accounts}
    assert plain[tagged].organizations_record()["Properties"]["Tags"] == []
    recorder = CallRecorder()
    with_tags = {a.id: a for a in discover_accounts(settings, recorder, with_tags=True).accounts}
    assert with_tags[tagged].organizations_record()["Properties"]["Tags"] == [{"Key": "team", "Value": "core"}]
    assert recorder.counts["organizations:ListTagsForResource"] == len(with_tags)  # one per ACTIVE account


def test_the_account_kind_asks_for_tags_through_include_actions():
    from port_aws_pipeline.port.mapping import Mapping
    from port_aws_pipeline.port.mapping import PortAppConfig
    from port_aws_pipeline.reader import ACCOUNT_TAGS_ACTION
    from port_aws_pipeline.reader import account_actions

    def mapping(selector: dict) -> Mapping:
        entity = {"mappings": {"identifier": ".Properties.Id", "blueprint": '"awsAccount"'}}
        resource = {"kind": "AWS::Organizations::Account", "selector": selector, "port": {"entity": entity}}
        return Mapping(PortAppConfig.model_validate({"resources": [resource]}))

    assert account_actions(mapping({"query": "true"})) == set()
    asked = mapping({"query": "true", "includeActions": [ACCOUNT_TAGS_ACTION]})
    assert account_actions(asked) == {ACCOUNT_TAGS_ACTION}


def test_unreadable_account_tags_are_null_not_a_failed_discovery():
    from botocore.exceptions import ClientError

    from port_aws_pipeline.aws.discovery import tag_accounts
    from port_aws_pipeline.models import AwsAccount

    class DeniedOrganizations:
        def get_paginator(self, operation):
            assert operation == "list_tags_for_resource"
            return self

        def paginate(self, **_params):
            raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, "ListTagsForResource")

    tagged = tag_accounts(DeniedOrganizations(), [AwsAccount(id="111111111111")], workers=2)
    assert tagged[0].tags is None
    assert tagged[0].organizations_record()["Properties"]["Tags"] is None
