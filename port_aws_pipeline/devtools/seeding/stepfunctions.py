"""Step Functions state machines (moto does not check the role exists), tagged."""

import json

NAME = "stepfunctions"
DEFINITION = json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}})


def seed(ctx) -> dict[str, int]:
    sfn = ctx.session.client("stepfunctions")
    tags = [{"key": t["Key"], "value": t["Value"]} for t in ctx.tags]
    for i in range(ctx.count):
        sfn.create_state_machine(
            name=f"{ctx.prefix}-machine-{i}",
            definition=DEFINITION,
            roleArn=f"arn:aws:iam::{ctx.account_id}:role/{ctx.prefix}-sfn-role",
            tags=tags,
        )
    return {"AWS::StepFunctions::StateMachine": ctx.count}
