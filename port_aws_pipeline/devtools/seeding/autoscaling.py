"""Auto Scaling groups of desired capacity 0 in a default subnet (they launch no EC2 instance), tagged."""

from port_aws_pipeline.devtools.seeding.efs import default_network

NAME = "autoscaling"


def seed(ctx) -> dict[str, int]:
    autoscaling = ctx.session.client("autoscaling")
    subnet_id, _ = default_network(ctx.session)
    configuration = f"{ctx.prefix}-launch-config"
    autoscaling.create_launch_configuration(
        LaunchConfigurationName=configuration, ImageId="ami-12345678", InstanceType="t3.micro"
    )
    tags = [{**t, "PropagateAtLaunch": True} for t in ctx.tags]
    for i in range(ctx.count):
        autoscaling.create_auto_scaling_group(
            AutoScalingGroupName=f"{ctx.prefix}-asg-{i}",
            LaunchConfigurationName=configuration,
            MinSize=0,
            MaxSize=2,
            DesiredCapacity=0,
            VPCZoneIdentifier=subnet_id,
            Tags=tags,
        )
    return {"AWS::AutoScaling::AutoScalingGroup": ctx.count}
