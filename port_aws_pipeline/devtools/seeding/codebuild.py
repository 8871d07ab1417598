"""CodeBuild projects (tagged, CodeBuild's lowercase tags), one build started in each."""

NAME = "codebuild"


def seed(ctx) -> dict[str, int]:
    codebuild = ctx.session.client("codebuild")
    for i in range(ctx.count):
        name = f"{ctx.prefix}-build-{i}"
        codebuild.create_project(
            name=name,
            description=f"{ctx.prefix} build project {i}",
            source={"type": "S3", "location": f"{ctx.prefix}-sources/app-{i}.zip"},
            artifacts={"type": "NO_ARTIFACTS"},
            environment={
                "type": "LINUX_CONTAINER",
                "image": "aws/codebuild/standard:7.0",
                "computeType": "BUILD_GENERAL1_SMALL",
            },
            serviceRole=f"arn:aws:iam::{ctx.account_id}:role/codebuild-role",
            tags=[{"key": t["Key"], "value": t["Value"]} for t in ctx.tags],
        )
        codebuild.start_build(projectName=name)
    return {"AWS::CodeBuild::Project": ctx.count, "AWS::CodeBuild::BuildRun": ctx.count}
