"""CodeDeploy applications, tagged.

Only applications: moto does not implement BatchGetDeploymentGroups and answers HTTP 500 to
ListDeploymentTargets, so seeded deployment groups (and the deployments that need them) would make the
DeploymentGroup and DeploymentTarget reads fail in the demo. The opt-in `codedeploy_deployments` seeder adds them.
"""

NAME = "codedeploy"


def seed(ctx) -> dict[str, int]:
    codedeploy = ctx.session.client("codedeploy")
    for i in range(ctx.count):
        codedeploy.create_application(applicationName=f"{ctx.prefix}-app-{i}", computePlatform="Server", tags=ctx.tags)
    return {"AWS::CodeDeploy::Application": ctx.count}
