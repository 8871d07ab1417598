"""Customer-managed KMS keys, each with an alias, tagged (moto lists AWS-managed keys only once something used them)."""

NAME = "kms"


def seed(ctx) -> dict[str, int]:
    kms = ctx.session.client("kms")
    tags = [{"TagKey": t["Key"], "TagValue": t["Value"]} for t in ctx.tags]
    for i in range(ctx.count):
        key_id = kms.create_key(Description=f"{ctx.prefix} key {i}", Tags=tags)["KeyMetadata"]["KeyId"]
        kms.create_alias(AliasName=f"alias/{ctx.prefix}-key-{i}", TargetKeyId=key_id)
    return {"AWS::KMS::Key": ctx.count}
