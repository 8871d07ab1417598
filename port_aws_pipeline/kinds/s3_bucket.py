"""AWS::S3::Bucket: a global listing, but every bucket belongs to its own region."""

from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError

from port_aws_pipeline.kinds.base import ClientProvider, Properties, RawItem, ReadContext, ResourceKind, paginate

NO_TAGS = {"NoSuchTagSet", "NoSuchTagSetError"}
HOME_REGIONS = {"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}


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


def fetch_buckets(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    s3 = clients.client("s3", HOME_REGIONS.get(ctx.partition, "us-east-1"))
    buckets = paginate(s3, "list_buckets", "Buckets")
    with ThreadPoolExecutor(max_workers=8) as pool:
        regions = list(pool.map(lambda b: bucket_region(s3, b), buckets))
        wanted = [{**b, "BucketRegion": r} for b, r in zip(buckets, regions) if r in ctx.regions]
        tags = list(pool.map(lambda b: bucket_tags(s3, b["Name"]), wanted))
    return [{**b, "Tags": t} for b, t in zip(wanted, tags)]


def shape_bucket(item: RawItem, ctx: ReadContext) -> Properties:
    return {
        "BucketName": item["Name"],
        "Arn": f"arn:{ctx.partition}:s3:::{item['Name']}",
        "CreationDate": item.get("CreationDate"),
        "Region": item["BucketRegion"],
        "Tags": item.get("Tags", []),
    }


KIND = ResourceKind("AWS::S3::Bucket", "s3", fetch_buckets, shape_bucket,
                    iam_actions=("s3:ListAllMyBuckets", "s3:GetBucketLocation", "s3:GetBucketTagging"),
                    is_global=True, region_of=lambda item: item["BucketRegion"])
