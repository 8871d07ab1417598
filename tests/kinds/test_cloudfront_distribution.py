"""AWS::CloudFront::Distribution (global): recorded ListDistributions items, tags as an opt-in action, moto, mapping."""

import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import cloudfront
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.cloudfront_distribution import KIND
from port_aws_pipeline.kinds.cloudfront_distribution import LIST_TAGS
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import OneClient
from tests.kinds.helpers import assert_fields
from tests.kinds.helpers import assert_fits_blueprint
from tests.kinds.helpers import default_mapping
from tests.kinds.helpers import fixture_records
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import fragment
from tests.kinds.helpers import load_fixture
from tests.kinds.helpers import map_records
from tests.kinds.helpers import moto_records
from tests.kinds.helpers import stub_client

NAME = "cloudfront_distribution"
TAGS = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "test"}]
GLOBAL = ReadContext(ACCOUNT, "global", "aws", ("us-east-1",), frozenset({LIST_TAGS}))


def listing(*ids: str) -> dict:
    """A ListDistributions page of the recorded summary under other ids (the stubber checks required fields)."""
    [summary] = load_fixture(NAME)["items"]
    summary = {k: v for k, v in summary.items() if k != "Tags"}
    items = [{**summary, "Id": i, "ARN": f"arn:aws:cloudfront::{ACCOUNT}:distribution/{i}"} for i in ids]
    return {
        "DistributionList": {
            "Marker": "",
            "MaxItems": 100,
            "IsTruncated": False,
            "Quantity": len(items),
            "Items": items,
        }
    }


def test_kind_is_global_tags_are_an_opt_in_action():
    assert KIND.is_global and KIND.actions_for(None) == frozenset()
    assert KIND.optional_actions == {LIST_TAGS: ("cloudfront:ListTagsForResource",)}
    assert KIND.region_of({"ARN": f"arn:aws:cloudfront::{ACCOUNT}:distribution/E1"}) == "us-east-1"


def test_fixture_shapes_list_distributions_items():
    [shaped] = fixture_shapes(KIND, NAME)
    assert_fields(
        shaped,
        {
            "Id": str,
            "ARN": str,
            "Status": str,
            "LastModifiedTime": str,
            "DomainName": str,
            "Aliases": dict,
            "Origins": dict,
            "DefaultCacheBehavior": dict,
            "CacheBehaviors": dict,
            "Comment": str,
            "PriceClass": str,
            "Enabled": bool,
            "ViewerCertificate": dict,
            "Restrictions": dict,
            "WebACLId": str,
            "HttpVersion": str,
            "IsIPV6Enabled": bool,
            "Tags": list,
        },
    )
    assert shaped["Arn"] == shaped["ARN"] and type(shaped["Aliases"]["Quantity"]) is int
    assert shaped["Tags"] == [{"Key": "team", "Value": "web"}, {"Key": "env", "Value": "prod"}]


def test_a_distribution_whose_tags_cannot_be_read_keeps_null_tags_other_errors_propagate():
    client = stub_client("cloudfront", "us-east-1")
    with Stubber(client) as stub:
        stub.add_response("list_distributions", listing("E1", "E2"))
        stub.add_response("list_tags_for_resource", {"Tags": {"Items": [{"Key": "a", "Value": "b"}]}})
        stub.add_client_error("list_tags_for_resource", "AccessDenied", http_status_code=403)
        items = KIND.fetch(OneClient(client), GLOBAL)
        assert sorted(map(str, (i["Tags"] for i in items))) == sorted(["None", "[{'Key': 'a', 'Value': 'b'}]"])
        stub.add_response("list_distributions", listing("E1"))
        stub.add_client_error("list_tags_for_resource", "InternalError", http_status_code=500)
        with pytest.raises(ClientError):
            KIND.fetch(OneClient(client), GLOBAL)
    with Stubber(client) as stub:  # without the action: ListDistributions only
        stub.add_response("list_distributions", listing("E1"))
        assert "Tags" not in KIND.fetch(OneClient(client), ReadContext(ACCOUNT, "global", "aws", ("us-east-1",)))[0]


def test_moto_reads_distributions_tags_only_with_the_action(aws):
    session = account_session(ACCOUNT, "us-east-1")
    assert cloudfront.seed(SeedContext(session, ACCOUNT, "eu-west-1", "t", 2, TAGS)) == {}
    cloudfront.seed(SeedContext(session, ACCOUNT, "us-east-1", "t", 2, TAGS))
    plain = moto_records(KIND, regions=("us-east-1",))
    tagged = moto_records(KIND, actions=[LIST_TAGS], regions=("us-east-1",))
    assert sorted(r["Properties"]["Comment"] for r in plain) == ["t site 0", "t site 1"]
    for record in plain:
        props = record["Properties"]
        assert record["__Region"] == "us-east-1" and record["__AccountId"] == ACCOUNT and "Tags" not in props
        assert props["Arn"] == props["ARN"] == f"arn:aws:cloudfront::{ACCOUNT}:distribution/{props['Id']}"
        assert props["Enabled"] is True and props["Origins"]["Items"][0]["Id"] == "site"
    assert all(sorted(r["Properties"]["Tags"], key=str) == sorted(TAGS, key=str) for r in tagged)


def test_default_mapping_identifies_distributions_by_arn():
    frag = fragment(NAME)
    records = fixture_records(KIND, NAME)
    mapping = default_mapping(NAME)
    [entity] = map_records(KIND, records, mapping)
    assert (
        entity.identifier == f"arn:aws:cloudfront::{ACCOUNT}:distribution/E2QWRUHAPOMQZL"
        and entity.title == "www.example.com"
    )
    assert entity.blueprint == "awsCloudFrontDistribution" and entity.relations == {"account": ACCOUNT}
    assert entity.properties["aliases"] == ["www.example.com", "example.com"]
    assert entity.properties["origins"] == [
        "example-site.s3.eu-west-1.amazonaws.com",
        "prod-web-1234567890.eu-west-1.elb.amazonaws.com",
    ]
    assert entity.properties["enabled"] is True and entity.properties["ipv6Enabled"] is True
    assert entity.properties["tags"] == {"team": "web", "env": "prod"} and entity.properties["region"] == "us-east-1"
    assert_fits_blueprint(entity, frag["blueprints"][0])
    untagged = {**records[0], "Properties": {k: v for k, v in records[0]["Properties"].items() if k != "Tags"}}
    [entity], _ = mapping.map_records(KIND.kind, [untagged], "scope")
    assert entity.properties["tags"] == {}
