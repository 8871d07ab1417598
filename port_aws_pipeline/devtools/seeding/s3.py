"""S3 buckets, one set per region (each bucket lives in its own region); even ones get the settings
aws-v3's optional S3 includeActions read (public access block, ownership controls, default encryption)."""

NAME = "s3"
PUBLIC_ACCESS_BLOCK = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}
OWNERSHIP = {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
ENCRYPTION = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}


def seed(ctx) -> dict[str, int]:
    s3 = ctx.session.client("s3")
    for i in range(ctx.count):
        name = f"{ctx.prefix}-{ctx.account_id}-{ctx.region}-{i}"
        kwargs = {} if ctx.region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": ctx.region}}
        s3.create_bucket(Bucket=name, **kwargs)
        s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": ctx.tags})
        if i % 2 == 0:
            s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=PUBLIC_ACCESS_BLOCK)
            s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls=OWNERSHIP)
            s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration=ENCRYPTION)
    return {"AWS::S3::Bucket": ctx.count}
