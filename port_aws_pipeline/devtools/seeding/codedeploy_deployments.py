"""Opt-in: one EC2 deployment group of every `codedeploy` seeder application (run that seeder first), tagged, with one
deployment of an S3 revision.

moto reads the deployments back (AWS::CodeDeploy::Deployment) but answers HTTP 500 to BatchGetDeploymentGroups and
ListDeploymentTargets, so wherever these exist the DeploymentGroup and DeploymentTarget reads fail: never in the demo.
"""

NAME = "codedeploy_deployments"
OPT_IN = True


def seed(ctx) -> dict[str, int]:
    codedeploy = ctx.session.client("codedeploy")
    for i in range(ctx.count):
        application = f"{ctx.prefix}-app-{i}"
        codedeploy.create_deployment_group(
            applicationName=application,
            deploymentGroupName="web",
            serviceRoleArn=f"arn:aws:iam::{ctx.account_id}:role/codedeploy-role",
            deploymentConfigName="CodeDeployDefault.OneAtATime",
            ec2TagFilters=[{"Key": "app", "Value": application, "Type": "KEY_AND_VALUE"}],
            deploymentStyle={"deploymentType": "IN_PLACE", "deploymentOption": "WITHOUT_TRAFFIC_CONTROL"},
            outdatedInstancesStrategy="UPDATE",
            terminationHookEnabled=False,
            tags=ctx.tags,
        )
        codedeploy.create_deployment(
            applicationName=application,
            deploymentGroupName="web",
            revision={
                "revisionType": "S3",
                "s3Location": {"bucket": f"{ctx.prefix}-releases", "key": f"{application}.zip", "bundleType": "zip"},
            },
            fileExistsBehavior="OVERWRITE",
            ignoreApplicationStopFailures=False,
            updateOutdatedInstancesOnly=False,
        )
    return {"AWS::CodeDeploy::DeploymentGroup": ctx.count, "AWS::CodeDeploy::Deployment": ctx.count}
