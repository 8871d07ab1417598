"""EC2 instances and EBS volumes (moto takes any ImageId with MOTO_EC2_LOAD_DEFAULT_AMIS=false).

Every instance also gets a root volume, attached to it, so the region holds twice as
many volumes as instances.
"""

NAME = "ec2"
ZONE_SUFFIX = "a"


def seed(ctx) -> dict[str, int]:
    ec2 = ctx.session.client("ec2")
    for i in range(ctx.count):
        name = [{"Key": "Name", "Value": f"{ctx.prefix}-web-{i}"}]
        ec2.run_instances(
            ImageId="ami-12345678",
            MinCount=1,
            MaxCount=1,
            InstanceType="t3.micro",
            TagSpecifications=[{"ResourceType": "instance", "Tags": ctx.tags + name}],
        )
        ec2.create_volume(
            AvailabilityZone=f"{ctx.region}{ZONE_SUFFIX}",
            Size=8 * (i + 1),
            VolumeType="gp3",
            TagSpecifications=[
                {"ResourceType": "volume", "Tags": ctx.tags + [{"Key": "Name", "Value": f"{ctx.prefix}-data-{i}"}]}
            ],
        )
    return {"AWS::EC2::Instance": ctx.count, "AWS::EC2::Volume": 2 * ctx.count}
