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


def stack(ctx, i: int) -> dict:
    return {"StackName": f"{ctx.prefix}-stack-{i}", "TemplateBody": TEMPLATE, "Tags": ctx.tags}


def seed(ctx) -> dict[str, int]:
    ctx.create_each("cloudformation", "create_stack", stack)
    return {"AWS::CloudFormation::Stack": ctx.count}
