"""S3 buckets, one set per region (each bucket lives in its own region)."""

NAME = "s3"


def seed(ctx) -> dict[str, int]:
    s3 = ctx.session.client("s3")
    for i in range(ctx.count):
        name = f"{ctx.prefix}-{ctx.account_id}-{ctx.region}-{i}"
        kwargs = {} if ctx.region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": ctx.region}}
        s3.create_bucket(Bucket=name, **kwargs)
        s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": ctx.tags})
    return {"AWS::S3::Bucket": ctx.count}
