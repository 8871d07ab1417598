"""ECS clusters, task definitions and Fargate services (awsvpc, in the default VPC), with AWS's lowercase tags.

Service i runs in cluster i on task definition i. Task definitions name a task role and an execution role (created
in every account by `prepare`, as an account would hold them).
"""

from port_aws_pipeline.devtools.seeding import default_network

NAME = "ecs"
TASK_ROLE, EXECUTION_ROLE = "ecs-task-role", "ecsTaskExecutionRole"
TRUST = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},'
    '"Action":"sts:AssumeRole"}]}'
)


def prepare(session, account_id: str) -> None:
    iam = session.client("iam")
    for role in (TASK_ROLE, EXECUTION_ROLE):
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=TRUST)


def _container(ctx, family: str) -> dict:
    return {
        "name": "web",
        "image": "public.ecr.aws/nginx/nginx:1.27",
        "essential": True,
        "portMappings": [{"containerPort": 80, "protocol": "tcp"}],
        "logConfiguration": {
            "logDriver": "awslogs",
            "options": {
                "awslogs-group": f"/ecs/{family}",
                "awslogs-region": ctx.region,
                "awslogs-stream-prefix": "ecs",
            },
        },
    }


def seed(ctx) -> dict[str, int]:
    ecs = ctx.session.client("ecs")
    tags = [{"key": t["Key"], "value": t["Value"]} for t in ctx.tags]
    network = default_network(ctx.session) if ctx.count else None
    role = f"arn:aws:iam::{ctx.account_id}:role/"
    for i in range(ctx.count):
        cluster = ecs.create_cluster(clusterName=f"{ctx.prefix}-cluster-{i}", tags=tags)["cluster"]["clusterArn"]
        family = f"{ctx.prefix}-task-{i}"
        task = ecs.register_task_definition(
            family=family,
            taskRoleArn=role + TASK_ROLE,
            executionRoleArn=role + EXECUTION_ROLE,
            networkMode="awsvpc",
            requiresCompatibilities=["FARGATE"],
            cpu="256",
            memory="512",
            containerDefinitions=[_container(ctx, family)],
            tags=tags,
        )["taskDefinition"]["taskDefinitionArn"]
        ecs.create_service(
            cluster=cluster,
            serviceName=f"{ctx.prefix}-service-{i}",
            taskDefinition=task,
            desiredCount=1,
            launchType="FARGATE",
            platformVersion="1.4.0",
            propagateTags="SERVICE",
            networkConfiguration={
                "awsvpcConfiguration": {
                    "subnets": network.subnet_ids[:2],
                    "securityGroups": [network.group_id],
                    "assignPublicIp": "DISABLED",
                }
            },
            tags=tags,
        )
    return {"AWS::ECS::Cluster": ctx.count, "AWS::ECS::TaskDefinition": ctx.count, "AWS::ECS::Service": ctx.count}
