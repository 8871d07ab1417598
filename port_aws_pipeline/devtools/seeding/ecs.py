"""ECS clusters, task definitions and Fargate services (awsvpc, in the default VPC), with AWS's lowercase tags.

Service i runs in cluster i on task definition i.
"""

NAME = "ecs"


def default_network(session) -> tuple[list[str], list[str]]:
    """Two subnets and the default security group of the region's default VPC."""
    ec2 = session.client("ec2")
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]
    groups = ec2.describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]}]
    )["SecurityGroups"]
    return [s["SubnetId"] for s in subnets[:2]], [g["GroupId"] for g in groups]


def seed(ctx) -> dict[str, int]:
    ecs = ctx.session.client("ecs")
    tags = [{"key": t["Key"], "value": t["Value"]} for t in ctx.tags]
    subnets, groups = default_network(ctx.session) if ctx.count else ([], [])
    for i in range(ctx.count):
        cluster = ecs.create_cluster(clusterName=f"{ctx.prefix}-cluster-{i}", tags=tags)["cluster"]["clusterArn"]
        task = ecs.register_task_definition(
            family=f"{ctx.prefix}-task-{i}",
            networkMode="awsvpc",
            requiresCompatibilities=["FARGATE"],
            cpu="256",
            memory="512",
            containerDefinitions=[
                {
                    "name": "web",
                    "image": "public.ecr.aws/nginx/nginx:1.27",
                    "essential": True,
                    "portMappings": [{"containerPort": 80, "protocol": "tcp"}],
                }
            ],
            tags=tags,
        )["taskDefinition"]["taskDefinitionArn"]
        ecs.create_service(
            cluster=cluster,
            serviceName=f"{ctx.prefix}-service-{i}",
            taskDefinition=task,
            desiredCount=1,
            launchType="FARGATE",
            networkConfiguration={
                "awsvpcConfiguration": {"subnets": subnets, "securityGroups": groups, "assignPublicIp": "DISABLED"}
            },
            tags=tags,
        )
    return {"AWS::ECS::Cluster": ctx.count, "AWS::ECS::TaskDefinition": ctx.count, "AWS::ECS::Service": ctx.count}
