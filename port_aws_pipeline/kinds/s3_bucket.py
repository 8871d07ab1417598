"""AWS::S3::Bucket: a global listing, but every bucket belongs to its own region."""

from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError

from port_aws_pipeline.aws.regions import home_region
from port_aws_pipeline.kinds.base import Properties, ReadContext, ResourceKind, paginate

NO_TAGS = {"NoSuchTagSet", "NoSuchTagSetError"}


def bucket_region(s3, bucket: dict) -> str:
    """ListBuckets returns BucketRegion in current AWS; GetBucketLocation otherwise (None means us-east-1)."""
    if bucket.get("BucketRegion"):
        return bucket["BucketRegion"]
    location = s3.get_bucket_location(Bucket=bucket["Name"]).get("LocationConstraint")
    return {None: "us-east-1", "": "us-east-1", "EU": "eu-west-1"}.get(location, location)


def bucket_tags(s3, name: str) -> list[dict]:
    try:
        return s3.get_bucket_tagging(Bucket=name).get("TagSet", [])
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in NO_TAGS:
            return []
        raise


def read_buckets(clients, ctx: ReadContext) -> list[Properties]:
    s3 = clients.client("s3", home_region(ctx.partition))
    buckets = paginate(s3, "list_buckets", "Buckets")
    with ThreadPoolExecutor(max_workers=8) as pool:
        regions = list(pool.map(lambda b: bucket_region(s3, b), buckets))
        wanted = [(b, r) for b, r in zip(buckets, regions) if r in ctx.regions]
        tags = list(pool.map(lambda br: bucket_tags(s3, br[0]["Name"]), wanted))
    return [
        {
            "BucketName": b["Name"],
            "Arn": f"arn:{ctx.partition}:s3:::{b['Name']}",
            "CreationDate": b.get("CreationDate"),
            "Region": region,
            "Tags": t,
        }
        for (b, region), t in zip(wanted, tags)
    ]


KIND = ResourceKind("AWS::S3::Bucket", "s3", read_buckets, is_global=True)
