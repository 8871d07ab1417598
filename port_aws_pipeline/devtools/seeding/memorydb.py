"""MemoryDB users, tagged (AWS also holds a `default` user in every region: a read finds `count + 1`)."""

from port_aws_pipeline.kinds.base import service_regions

NAME = "memorydb"


def seed(ctx) -> dict[str, int]:
    if ctx.region not in service_regions("memorydb", "aws"):
        return {"AWS::MemoryDB::User": 0}
    memorydb = ctx.session.client("memorydb")
    for i in range(ctx.count):
        memorydb.create_user(
            UserName=f"{ctx.prefix}-user-{i}",
            AuthenticationMode={"Type": "password", "Passwords": ["demo-password-0123"]},
            AccessString="on ~* &* +@read",
            Tags=ctx.tags,
        )
    return {"AWS::MemoryDB::User": ctx.count}
