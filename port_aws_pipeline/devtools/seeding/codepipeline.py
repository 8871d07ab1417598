"""CodePipeline pipelines (tagged, CodePipeline's lowercase tags) of two stages with one action each.
moto needs the pipeline role to exist and trust codepipeline.amazonaws.com.

No executions: moto answers HTTP 500 to ListActionExecutions, so a seeded execution would make the
ActionExecution read fail in the demo. The opt-in `codepipeline_executions` seeder starts them.
"""

NAME = "codepipeline"
ROLE = "codepipeline-role"
TRUST = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"codepipeline.amazonaws.com"},'
    '"Action":"sts:AssumeRole"}]}'
)
STAGES = 2


def prepare(session, account_id: str) -> None:
    session.client("iam").create_role(RoleName=ROLE, AssumeRolePolicyDocument=TRUST)


def _pipeline(ctx, name: str) -> dict:
    return {
        "name": name,
        "roleArn": f"arn:aws:iam::{ctx.account_id}:role/{ROLE}",
        "artifactStore": {"type": "S3", "location": f"{ctx.prefix}-pipeline-artifacts"},
        "stages": [
            {
                "name": "Source",
                "actions": [{
                    "name": "Source",
                    "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
                    "configuration": {"S3Bucket": f"{ctx.prefix}-sources", "S3ObjectKey": f"{name}.zip"},
                    "outputArtifacts": [{"name": "SourceOutput"}],
                    "runOrder": 1,
                }],
            },
            {
                "name": "Build",
                "actions": [{
                    "name": "Build",
                    "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
                    "configuration": {"ProjectName": f"{ctx.prefix}-build-0"},
                    "inputArtifacts": [{"name": "SourceOutput"}],
                    "runOrder": 1,
                }],
            },
        ],
    }  # fmt: skip


def seed(ctx) -> dict[str, int]:
    codepipeline = ctx.session.client("codepipeline")
    for i in range(ctx.count):
        name = f"{ctx.prefix}-pipeline-{i}"
        codepipeline.create_pipeline(
            pipeline=_pipeline(ctx, name), tags=[{"key": t["Key"], "value": t["Value"]} for t in ctx.tags]
        )
    return {
        "AWS::CodePipeline::Pipeline": ctx.count,
        "AWS::CodePipeline::Stage": ctx.count * STAGES,
        "AWS::CodePipeline::Action": ctx.count * STAGES,
    }
