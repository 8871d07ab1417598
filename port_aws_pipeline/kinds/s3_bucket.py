"""AWS::S3::Bucket: a global listing, but every bucket belongs to its own region.

ListBuckets once per account; GetBucketLocation only when ListBuckets gives no
BucketRegion; GetBucketTagging (an aws-v3 default) for the buckets in allowed regions,
through a client in the bucket's own region (no 301 redirects). The optional aws-v3
includeActions add one call per bucket each.
"""

from botocore.exceptions import ClientError

from port_aws_pipeline.kinds.base import DENIED
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import error_code
from port_aws_pipeline.kinds.base import home_region
from port_aws_pipeline.kinds.base import item_call
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import per_item

NO_TAGS = {"NoSuchTagSet", "NoSuchTagSetError"}
#: One bucket's enrichment failing with these leaves its field null instead of failing the kind.
RECOVERABLE = DENIED | {
    "NoSuchBucket",
    "NoSuchPublicAccessBlockConfiguration",
    "OwnershipControlsNotFoundError",
    "ServerSideEncryptionConfigurationNotFoundError",
}

#: aws-v3 includeAction -> (Properties key, S3 call, the answer's key).
OPTIONAL_CALLS = {
    "GetPublicAccessBlockAction": (
        "PublicAccessBlockConfiguration",
        "get_public_access_block",
        "PublicAccessBlockConfiguration",
    ),
    "GetBucketOwnershipControlsAction": ("OwnershipControls", "get_bucket_ownership_controls", "OwnershipControls"),
    "GetBucketEncryptionAction": ("BucketEncryption", "get_bucket_encryption", "ServerSideEncryptionConfiguration"),
}
LOCATION_ACTION = "GetBucketLocationAction"

IAM_ACTIONS = ("s3:ListAllMyBuckets", "s3:GetBucketLocation", "s3:GetBucketTagging")
OPTIONAL_ACTIONS = {
    "GetPublicAccessBlockAction": ("s3:GetBucketPublicAccessBlock",),
    "GetBucketOwnershipControlsAction": ("s3:GetBucketOwnershipControls",),
    "GetBucketEncryptionAction": ("s3:GetEncryptionConfiguration",),
    "GetBucketLocationAction": ("s3:GetBucketLocation",),
}


def location_region(location: str | None) -> str:
    """GetBucketLocation's answer as a region name (None means us-east-1, "EU" the legacy eu-west-1)."""
    return {None: "us-east-1", "": "us-east-1", "EU": "eu-west-1"}.get(location, location)


def bucket_tags(s3, name: str) -> list[dict] | None:
    """The bucket's TagSet; [] when it has none, None when it is denied or gone."""
    try:
        return item_call(lambda: s3.get_bucket_tagging(Bucket=name).get("TagSet", []), RECOVERABLE)
    except ClientError as exc:
        if error_code(exc) in NO_TAGS:
            return []
        raise


def optional_field(s3, call: str, key: str, name: str):
    return item_call(lambda: getattr(s3, call)(Bucket=name).get(key), RECOVERABLE)


def fetch_buckets(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    s3 = clients.client("s3", home_region(ctx.partition))
    buckets = paginate(s3, "list_buckets", "Buckets")
    want_location = LOCATION_ACTION in ctx.actions

    def locate(bucket: dict) -> dict | None:
        """The bucket's region places it: a bucket deleted since the listing is gone; any other failure fails
        the kind (no region is guessed)."""
        if bucket.get("BucketRegion"):
            return bucket
        try:
            answer = s3.get_bucket_location(Bucket=bucket["Name"]).get("LocationConstraint")
        except ClientError as exc:
            if error_code(exc) == "NoSuchBucket":
                return None
            raise
        return {**bucket, "BucketRegion": location_region(answer), "LocationConstraint": answer}

    def enrich(bucket: dict) -> dict:
        regional = clients.client("s3", bucket["BucketRegion"])
        item = {**bucket, "Tags": bucket_tags(regional, bucket["Name"])}
        if want_location and "LocationConstraint" not in item:
            item["LocationConstraint"] = optional_field(s3, "get_bucket_location", "LocationConstraint", bucket["Name"])
        for action, (field, call, key) in OPTIONAL_CALLS.items():
            if action in ctx.actions:
                item[field] = optional_field(regional, call, key, bucket["Name"])
        return item

    located = per_item(locate, buckets, tolerated=())
    wanted = [b for b in located if b is not None and b["BucketRegion"] in ctx.regions]
    return per_item(enrich, wanted, tolerated=())


def shape_bucket(item: RawItem, ctx: ReadContext) -> Properties:
    """aws-v3's BucketProperties: only the keys its actions set (CreationDate when listed)."""
    props: Properties = {"BucketName": item["Name"], "Arn": f"arn:{ctx.partition}:s3:::{item['Name']}"}
    if item.get("CreationDate"):
        props["CreationDate"] = item["CreationDate"]
    props["Tags"] = item.get("Tags")
    if LOCATION_ACTION in ctx.actions and "LocationConstraint" in item:
        props["LocationConstraint"] = item["LocationConstraint"]
    for action, (field, _call, _key) in OPTIONAL_CALLS.items():
        if action in ctx.actions and field in item:
            props[field] = item[field]
    return props


KIND = ResourceKind(
    "AWS::S3::Bucket",
    "s3",
    fetch_buckets,
    shape_bucket,
    IAM_ACTIONS,
    OPTIONAL_ACTIONS,
    is_global=True,
    region_of=lambda item: item["BucketRegion"],
)
