"""EC2 instances (moto takes any ImageId with MOTO_EC2_LOAD_DEFAULT_AMIS=false)."""

NAME = "ec2"


def seed(ctx) -> dict[str, int]:
    ec2 = ctx.session.client("ec2")
    for i in range(ctx.count):
        ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1, InstanceType="t3.micro",
                          TagSpecifications=[{"ResourceType": "instance", "Tags": ctx.tags + [{"Key": "Name", "Value": f"{ctx.prefix}-web-{i}"}]}])
    return {"AWS::EC2::Instance": ctx.count}
