"""EFS file systems, each with one mount target in the default VPC (no new VPC, subnet or security group)."""

from port_aws_pipeline.devtools import seeding

NAME = "efs"


def default_network(session) -> tuple[str, str]:
    """The default VPC's first subnet and its default security group (where one-subnet resources go)."""
    network = seeding.default_network(session)
    return network.subnet_ids[0], network.group_id


def seed(ctx) -> dict[str, int]:
    efs = ctx.session.client("efs")
    subnet_id, group_id = default_network(ctx.session)
    for i in range(ctx.count):
        tags = [{"Key": "Name", "Value": f"{ctx.prefix}-fs-{i}"}, *ctx.tags]
        file_system = efs.create_file_system(CreationToken=f"{ctx.prefix}-fs-{i}", Encrypted=True, Tags=tags)
        efs.create_mount_target(FileSystemId=file_system["FileSystemId"], SubnetId=subnet_id, SecurityGroups=[group_id])
    return {"AWS::EFS::FileSystem": ctx.count}
