"""CloudFormation stacks holding only a WaitConditionHandle, so they create no resource another kind would read."""

import json

NAME = "cloudformation"
TEMPLATE = json.dumps(
    {
        "Description": "port-aws-pipeline seed stack",
        "Resources": {"Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"}},
        "Outputs": {"Seeded": {"Value": "yes"}},
    }
)


def seed(ctx) -> dict[str, int]:
    cfn = ctx.session.client("cloudformation")
    for i in range(ctx.count):
        cfn.create_stack(StackName=f"{ctx.prefix}-stack-{i}", TemplateBody=TEMPLATE, Tags=ctx.tags)
    return {"AWS::CloudFormation::Stack": ctx.count}
