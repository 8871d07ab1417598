"""Application load balancers in the default VPC, each forwarding to its own target group, tagged."""

from port_aws_pipeline.devtools.seeding import default_network

NAME = "elbv2"


def seed(ctx) -> dict[str, int]:
    elb = ctx.session.client("elbv2")
    network = default_network(ctx.session)
    tags = {"Tags": ctx.tags} if ctx.tags else {}  # ELBv2 refuses an empty tag list
    for i in range(ctx.count):
        group = elb.create_target_group(
            Name=f"{ctx.prefix}-tg-{i}", Protocol="HTTP", Port=80, VpcId=network.vpc_id, TargetType="instance", **tags
        )["TargetGroups"][0]["TargetGroupArn"]
        balancer = elb.create_load_balancer(
            Name=f"{ctx.prefix}-lb-{i}",
            Subnets=network.subnet_ids[:2],
            SecurityGroups=[network.group_id],
            Scheme="internet-facing",
            Type="application",
            **tags,
        )["LoadBalancers"][0]["LoadBalancerArn"]
        elb.create_listener(
            LoadBalancerArn=balancer,
            Protocol="HTTP",
            Port=80,
            DefaultActions=[{"Type": "forward", "TargetGroupArn": group}],
        )
    return {
        "AWS::ElasticLoadBalancingV2::LoadBalancer": ctx.count,
        "AWS::ElasticLoadBalancingV2::TargetGroup": ctx.count,
    }
