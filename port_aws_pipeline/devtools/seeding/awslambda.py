"""Lambda functions (moto needs the execution role to exist in the account, not Docker).

No VpcConfig: moto answers a made-up VpcId for VPC functions, which no VPC entity would match.
"""

import io
import json
import zipfile

NAME = "lambda"
LAMBDA_TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)


def prepare(session, account_id: str) -> None:
    session.client("iam").create_role(RoleName="lambda-role", AssumeRolePolicyDocument=LAMBDA_TRUST)


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return 'ok'\n")
    return buffer.getvalue()


def seed(ctx) -> dict[str, int]:
    lam = ctx.session.client("lambda")
    code = _zip()
    for i in range(ctx.count):
        lam.create_function(
            FunctionName=f"{ctx.prefix}-fn-{i}",
            Runtime="python3.12",
            Handler="handler.handler",
            Role=f"arn:aws:iam::{ctx.account_id}:role/lambda-role",
            Code={"ZipFile": code},
            Description=f"{ctx.prefix} function {i}",
            Environment={"Variables": {"STAGE": ctx.prefix}},
            Tags=ctx.tag_map,
        )
    return {"AWS::Lambda::Function": ctx.count}
