"""AWS::Route53::HostedZone (global): recorded ListHostedZones items, tags 10 zones a call, a moto read, the mapping."""

from botocore.stub import Stubber

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import route53
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.route53_hosted_zone import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import OneClient
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import load_fixture
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import moto_records
from tests.kinds.helpers import stub_client

NAME = "route53_hosted_zone"
TAGS = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "test"}]
GLOBAL = ReadContext(ACCOUNT, "global", "aws", ("us-east-1",))


def zone(i: int) -> dict:
    return {"Id": f"/hostedzone/Z{i:020d}", "Name": f"z{i}.example.com.", "CallerReference": f"r{i}"}


def test_fixture_shapes_list_hosted_zones_items():
    fixture = load_fixture(NAME)
    shaped = fixture_shapes(
        KIND, NAME, fields={"Id": str, "Name": str, "CallerReference": str, "Config": dict, "Tags": list}
    )
    for item in shaped:
        assert type(item["ResourceRecordSetCount"]) is int and isinstance(item["Config"]["PrivateZone"], bool)
        assert item["Arn"] == f"arn:aws:route53:::hostedzone/{item['Id'].rsplit('/', 1)[-1]}"
    assert shaped[0]["Tags"] == [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "prod"}]
    assert KIND.is_global and KIND.region_of(fixture["items"][0]) == "us-east-1"


def test_tags_are_read_10_zones_a_call_and_a_zone_deleted_meanwhile_has_null_tags():
    client = stub_client("route53", "us-east-1")
    zones = [zone(i) for i in range(12)]
    ids = [z["Id"].rsplit("/", 1)[-1] for z in zones]
    with Stubber(client) as stub:
        stub.add_response(
            "list_hosted_zones", {"HostedZones": zones, "Marker": "", "IsTruncated": False, "MaxItems": "100"}
        )
        stub.add_response(
            "list_tags_for_resources",
            {
                "ResourceTagSets": [
                    {"ResourceType": "hostedzone", "ResourceId": i, "Tags": [{"Key": "id", "Value": i}]}
                    for i in ids[:10]
                ]
            },
            {"ResourceType": "hostedzone", "ResourceIds": ids[:10]},
        )
        stub.add_client_error(
            "list_tags_for_resources",
            "NoSuchHostedZone",
            http_status_code=404,
            expected_params={"ResourceType": "hostedzone", "ResourceIds": ids[10:]},
        )
        stub.add_response(
            "list_tags_for_resources",
            {"ResourceTagSets": [{"ResourceType": "hostedzone", "ResourceId": ids[10]}]},
            {"ResourceType": "hostedzone", "ResourceIds": ids[10:11]},
        )
        stub.add_client_error(
            "list_tags_for_resources",
            "NoSuchHostedZone",
            http_status_code=404,
            expected_params={"ResourceType": "hostedzone", "ResourceIds": ids[11:]},
        )
        items = KIND.fetch(OneClient(client), GLOBAL)
        stub.assert_no_pending_responses()
    assert [i["Tags"] for i in items[:2]] == [[{"Key": "id", "Value": ids[0]}], [{"Key": "id", "Value": ids[1]}]]
    assert items[10]["Tags"] == [] and items[11]["Tags"] is None


def test_moto_reads_zones_with_tags(aws):
    session = account_session(ACCOUNT, "us-east-1")
    assert route53.seed(SeedContext(session, ACCOUNT, "eu-west-1", "t", 2, TAGS)) == {}
    route53.seed(SeedContext(session, ACCOUNT, "us-east-1", "t", 2, TAGS))
    records = moto_records(KIND, regions=("us-east-1", "eu-west-1"))
    assert sorted(r["Properties"]["Name"] for r in records) == [
        f"t-0.{ACCOUNT}.example.com.",
        f"t-1.{ACCOUNT}.example.com.",
    ]
    for record in records:
        props = record["Properties"]
        assert record["__Region"] == "us-east-1" and record["__AccountId"] == ACCOUNT
        assert props["Arn"] == f"arn:aws:route53:::hostedzone/{props['Id'].rsplit('/', 1)[-1]}"
        assert sorted(props["Tags"], key=str) == sorted(TAGS, key=str) and props["Config"]["PrivateZone"] is False
        assert isinstance(props["ResourceRecordSetCount"], int)


def test_default_mapping_identifies_zones_by_arn():
    entities = mapped_to_blueprint(KIND, NAME, "awsRoute53HostedZone")
    public, private, local = entities
    assert public.identifier == "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ" and public.title == "example.com"
    assert public.relations == {"account": ACCOUNT}
    assert public.properties["hostedZoneId"] == "Z0123456789ABCDEFGHIJ" and public.properties["privateZone"] is False
    assert public.properties["recordSetCount"] == 14 and public.properties["region"] == "us-east-1"
    assert public.properties["tags"] == {"team": "platform", "env": "prod"} and private.properties["tags"] == {}
    assert private.properties["privateZone"] is True and local.properties["comment"] is None
