"""VPCs, each with one subnet and one security group, tagged.

moto (like AWS) also holds a default VPC, its default subnets and a default security group
in every account x region, and gives each new VPC its own default security group: the
counts returned are what this seeder creates, not what a read finds.
"""

NAME = "network"


def seed(ctx) -> dict[str, int]:
    ec2 = ctx.session.client("ec2")
    for i in range(ctx.count):
        name = [{"Key": "Name", "Value": f"{ctx.prefix}-vpc-{i}"}]
        vpc = ec2.create_vpc(
            CidrBlock=f"10.{i % 256}.0.0/16", TagSpecifications=[{"ResourceType": "vpc", "Tags": ctx.tags + name}]
        )["Vpc"]["VpcId"]
        ec2.create_subnet(
            VpcId=vpc,
            CidrBlock=f"10.{i % 256}.1.0/24",
            AvailabilityZone=f"{ctx.region}a",
            TagSpecifications=[{"ResourceType": "subnet", "Tags": ctx.tags + name}],
        )
        ec2.create_security_group(
            GroupName=f"{ctx.prefix}-sg-{i}",
            Description="demo web tier",
            VpcId=vpc,
            TagSpecifications=[{"ResourceType": "security-group", "Tags": ctx.tags + name}],
        )
    return {"AWS::EC2::VPC": ctx.count, "AWS::EC2::Subnet": ctx.count, "AWS::EC2::SecurityGroup": ctx.count}
