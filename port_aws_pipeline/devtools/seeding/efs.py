"""EFS file systems, each with one mount target in the default VPC (no new VPC, subnet or security group)."""

NAME = "efs"


def default_network(session) -> tuple[str, str]:
    """The region's first default subnet and its VPC's default security group."""
    ec2 = session.client("ec2")
    subnet = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"][0]
    group = ec2.describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [subnet["VpcId"]]}, {"Name": "group-name", "Values": ["default"]}]
    )["SecurityGroups"][0]
    return subnet["SubnetId"], group["GroupId"]


def seed(ctx) -> dict[str, int]:
    efs = ctx.session.client("efs")
    subnet_id, group_id = default_network(ctx.session)
    for i in range(ctx.count):
        tags = [{"Key": "Name", "Value": f"{ctx.prefix}-fs-{i}"}, *ctx.tags]
        file_system = efs.create_file_system(CreationToken=f"{ctx.prefix}-fs-{i}", Encrypted=True, Tags=tags)
        efs.create_mount_target(FileSystemId=file_system["FileSystemId"], SubnetId=subnet_id, SecurityGroups=[group_id])
    return {"AWS::EFS::FileSystem": ctx.count}
