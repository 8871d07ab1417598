"""AWS::S3::Bucket: recorded items (aws-v3 includeActions on), moto reads with per-bucket regions, the mapping."""

import pytest
from botocore.exceptions import ClientError

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import s3 as s3_seeder
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.s3_bucket import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import Intercepted
from tests.kinds.helpers import assert_fits_blueprint
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import fragment
from tests.kinds.helpers import load_fixture
from tests.kinds.helpers import mapped
from tests.kinds.helpers import moto_clients
from tests.kinds.helpers import moto_records

NAME = "s3_bucket"
REGIONS = ("us-east-1", "eu-west-1")
TAGS = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "test"}]
OPTIONAL = ["GetPublicAccessBlockAction", "GetBucketOwnershipControlsAction", "GetBucketEncryptionAction"]
OPTIONAL_KEYS = {"PublicAccessBlockConfiguration", "OwnershipControls", "BucketEncryption", "LocationConstraint"}


def seed(regions=REGIONS, count=2) -> None:
    for region in regions:
        s3_seeder.seed(SeedContext(account_session(ACCOUNT, region), ACCOUNT, region, "t", count, TAGS))


def test_fixture_shapes_aws_v3_bucket_properties():
    shaped = fixture_shapes(KIND, NAME)
    prod, legacy, locked = shaped
    for bucket in shaped:
        assert set(bucket) == {"BucketName", "Arn", "CreationDate", "Tags"} | OPTIONAL_KEYS
        assert isinstance(bucket["BucketName"], str) and bucket["Arn"] == f"arn:aws:s3:::{bucket['BucketName']}"
        assert isinstance(bucket["CreationDate"], str) and bucket["CreationDate"].startswith("20")
    assert prod["Tags"][0] == {"Key": "Name", "Value": "prod assets"}  # [{Key, Value}] as aws-v3 gives S3 tags
    assert all(set(tag) == {"Key", "Value"} for tag in prod["Tags"])
    assert prod["PublicAccessBlockConfiguration"]["BlockPublicAcls"] is True
    assert prod["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    assert prod["BucketEncryption"]["Rules"][0]["BucketKeyEnabled"] is True
    assert prod["LocationConstraint"] == "eu-west-1" and legacy["LocationConstraint"] is None
    assert legacy["Tags"] == [] and legacy["PublicAccessBlockConfiguration"] is None  # NoSuchTagSet, not configured
    assert locked["Tags"] is None and locked["BucketEncryption"] is None  # AccessDenied on that bucket only


def test_without_include_actions_only_aws_v3_defaults_are_shaped():
    fixture = load_fixture(NAME)
    ctx = ReadContext(ACCOUNT, "global", "aws", REGIONS, KIND.actions_for(None))
    assert ctx.actions == frozenset()  # aws-v3 runs only ListBuckets + GetBucketTagging unless asked
    for item in fixture["items"]:
        assert set(KIND.shape(item, ctx)) == {"BucketName", "Arn", "CreationDate", "Tags"}
    assert KIND.actions_for(["GetBucketEncryptionAction", "NoSuchAction"]) == {"GetBucketEncryptionAction"}
    assert KIND.is_global and KIND.region_of(fixture["items"][0]) == "eu-west-1"


def test_moto_buckets_land_in_their_own_region_with_tags_and_optional_settings(aws):
    seed()
    records = moto_records(KIND, actions=OPTIONAL, regions=REGIONS)
    assert len(records) == 4
    by_name = {r["Properties"]["BucketName"]: r for r in records}
    for region in REGIONS:
        configured, plain = by_name[f"t-{ACCOUNT}-{region}-0"], by_name[f"t-{ACCOUNT}-{region}-1"]
        for record in (configured, plain):
            assert record["Type"] == "AWS::S3::Bucket" and record["__Region"] == region
            assert record["__ExtraContext"] == {"AccountId": ACCOUNT, "Region": region}
            props = record["Properties"]
            assert props["Arn"] == f"arn:aws:s3:::{props['BucketName']}" and isinstance(props["CreationDate"], str)
            assert props["Tags"] == TAGS
            assert "LocationConstraint" not in props  # GetBucketLocationAction not asked for
        assert configured["Properties"]["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"] is True
        assert configured["Properties"]["OwnershipControls"]["Rules"][0]["ObjectOwnership"] == "BucketOwnerEnforced"
        assert configured["Properties"]["BucketEncryption"]["Rules"][0]["ApplyServerSideEncryptionByDefault"] == {
            "SSEAlgorithm": "AES256"
        }
        for key in ("PublicAccessBlockConfiguration", "OwnershipControls", "BucketEncryption"):
            assert plain["Properties"][key] is None  # not configured on that bucket: null, the read still completes


def test_moto_read_skips_buckets_of_regions_not_synced_and_reports_location_when_asked(aws):
    seed()
    records = moto_records(KIND, actions=["GetBucketLocationAction"], regions=("eu-west-1",))
    assert sorted(r["Properties"]["BucketName"] for r in records) == [f"t-{ACCOUNT}-eu-west-1-{i}" for i in range(2)]
    assert {r["Properties"]["LocationConstraint"] for r in records} == {"eu-west-1"}
    assert all(
        set(r["Properties"]) == {"BucketName", "Arn", "CreationDate", "Tags", "LocationConstraint"} for r in records
    )


def test_one_bucket_denied_leaves_its_field_null_and_other_errors_fail_the_kind(aws):
    seed(regions=("us-east-1",), count=2)
    denied = f"t-{ACCOUNT}-us-east-1-1"
    ctx = ReadContext(ACCOUNT, "global", "aws", ("us-east-1",), frozenset({"GetBucketEncryptionAction"}))

    def deny(method, kwargs):
        return "AccessDenied" if kwargs.get("Bucket") == denied and method != "get_bucket_location" else None

    items = {i["Name"]: KIND.shape(i, ctx) for i in KIND.fetch(Intercepted(moto_clients(), deny), ctx)}
    assert items[denied]["Tags"] is None and items[denied]["BucketEncryption"] is None
    assert items[f"t-{ACCOUNT}-us-east-1-0"]["Tags"] == TAGS

    def throttle(method, kwargs):
        return "SlowDown" if method == "get_bucket_tagging" else None

    with pytest.raises(ClientError, match="SlowDown"):
        KIND.fetch(Intercepted(moto_clients(), throttle), ctx)

    def deleted_since_listing(method, kwargs):
        return "NoSuchBucket" if method == "get_bucket_location" and kwargs["Bucket"] == denied else None

    assert [i["Name"] for i in KIND.fetch(Intercepted(moto_clients(), deleted_since_listing), ctx)] == [
        f"t-{ACCOUNT}-us-east-1-0"
    ]


def test_bucket_region_from_list_buckets_saves_get_bucket_location(aws):
    seed(regions=("eu-west-1",), count=1)
    calls = []

    def watch(method, kwargs):
        calls.append(method)

    def with_region(page):  # ListBuckets as current AWS answers it: BucketRegion included (moto leaves it out)
        return {**page, "Buckets": [{**b, "BucketRegion": "eu-west-1"} for b in page["Buckets"]]}

    ctx = ReadContext(ACCOUNT, "global", "aws", ("eu-west-1",))
    items = KIND.fetch(Intercepted(moto_clients(), watch, with_region), ctx)
    assert [i["BucketRegion"] for i in items] == ["eu-west-1"]
    assert calls == ["get_bucket_tagging"]


def test_default_mapping_builds_bucket_entities():
    entities = mapped(KIND, NAME)
    prod, legacy, locked = entities
    assert prod.identifier == "arn:aws:s3:::acme-prod-assets" and prod.blueprint == "awsS3Bucket"
    assert prod.title == "acme-prod-assets"
    assert prod.properties["region"] == "eu-west-1" and legacy.properties["region"] == "us-east-1"
    assert prod.properties["tags"] == {"Name": "prod assets", "team": "platform", "env": "prod"}
    assert legacy.properties["tags"] == {} and locked.properties["tags"] == {}
    assert prod.properties["objectOwnership"] == "BucketOwnerEnforced" and legacy.properties["objectOwnership"] is None
    assert prod.properties["encryption"]["Rules"][0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert prod.properties["publicAccessBlock"]["BlockPublicPolicy"] is True
    assert prod.properties["creationDate"] == "2023-10-15T14:30:00+00:00"
    for entity in entities:
        assert entity.relations == {"account": ACCOUNT}
        assert_fits_blueprint(entity, fragment(NAME)["blueprints"][0])
