"""Step Functions state machines (moto does not check the role exists), tagged."""

import json

NAME = "stepfunctions"
DEFINITION = json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}})


def state_machine(ctx, i: int) -> dict:
    return {
        "name": f"{ctx.prefix}-machine-{i}",
        "definition": DEFINITION,
        "roleArn": f"arn:aws:iam::{ctx.account_id}:role/{ctx.prefix}-sfn-role",
        "tags": [{"key": t["Key"], "value": t["Value"]} for t in ctx.tags],
    }


def seed(ctx) -> dict[str, int]:
    ctx.create_each("stepfunctions", "create_state_machine", state_machine)
    return {"AWS::StepFunctions::StateMachine": ctx.count}
