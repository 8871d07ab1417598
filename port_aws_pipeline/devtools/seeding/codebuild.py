"""CodeBuild projects in the default VPC, logging to CloudWatch Logs (tagged, CodeBuild's lowercase tags), one build
started in each. moto keeps no batch-build configuration, concurrent-build limit, visibility or webhook."""

from port_aws_pipeline.devtools.seeding import default_network

NAME = "codebuild"
ENVIRONMENT = {"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0", "computeType": "BUILD_GENERAL1_SMALL"}


def seed(ctx) -> dict[str, int]:
    codebuild = ctx.session.client("codebuild")
    network = default_network(ctx.session) if ctx.count else None
    for i in range(ctx.count):
        name = f"{ctx.prefix}-build-{i}"
        codebuild.create_project(
            name=name,
            description=f"{ctx.prefix} build project {i}",
            source={"type": "S3", "location": f"{ctx.prefix}-sources/app-{i}.zip"},
            sourceVersion="main",
            artifacts={"type": "NO_ARTIFACTS"},
            environment=ENVIRONMENT,
            serviceRole=f"arn:aws:iam::{ctx.account_id}:role/codebuild-role",
            timeoutInMinutes=60,
            queuedTimeoutInMinutes=480,
            vpcConfig={
                "vpcId": network.vpc_id,
                "subnets": network.subnet_ids[:1],
                "securityGroupIds": [network.group_id],
            },
            logsConfig={"cloudWatchLogs": {"status": "ENABLED", "groupName": f"/aws/codebuild/{name}"}},
            tags=[{"key": t["Key"], "value": t["Value"]} for t in ctx.tags],
        )
        codebuild.start_build(projectName=name)
    return {"AWS::CodeBuild::Project": ctx.count, "AWS::CodeBuild::BuildRun": ctx.count}
