"""Application load balancers in the default VPC, each forwarding to its own target group, tagged."""

NAME = "elbv2"


def seed(ctx) -> dict[str, int]:
    ec2 = ctx.session.client("ec2")
    elb = ctx.session.client("elbv2")
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]
    groups = ec2.describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]}]
    )["SecurityGroups"]
    tags = {"Tags": ctx.tags} if ctx.tags else {}  # ELBv2 refuses an empty tag list
    for i in range(ctx.count):
        group = elb.create_target_group(
            Name=f"{ctx.prefix}-tg-{i}", Protocol="HTTP", Port=80, VpcId=vpc, TargetType="instance", **tags
        )["TargetGroups"][0]["TargetGroupArn"]
        balancer = elb.create_load_balancer(
            Name=f"{ctx.prefix}-lb-{i}",
            Subnets=[s["SubnetId"] for s in subnets[:2]],
            SecurityGroups=[g["GroupId"] for g in groups],
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
