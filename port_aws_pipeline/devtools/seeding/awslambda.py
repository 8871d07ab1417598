"""Lambda functions (moto needs the execution role to exist in the account, not Docker).

No VpcConfig: moto answers a made-up VpcId for VPC functions, which no VPC entity would match. No DeadLetterConfig,
LoggingConfig or FileSystemConfigs: moto accepts them and returns none of them.
"""

import io
import json
import zipfile

NAME = "lambda"
RUNTIME = "python3.12"
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
    """Functions with X-Ray tracing, one shared dependencies layer and environment variables encrypted with a
    customer-managed KMS key (one key and one layer per region)."""
    if not ctx.count:
        return {"AWS::Lambda::Function": 0}
    lam = ctx.session.client("lambda")
    code = _zip()
    key = ctx.session.client("kms").create_key(Description=f"{ctx.prefix} Lambda environment key")["KeyMetadata"]
    layer = lam.publish_layer_version(
        LayerName=f"{ctx.prefix}-deps", Content={"ZipFile": code}, CompatibleRuntimes=[RUNTIME]
    )["LayerVersionArn"]
    for i in range(ctx.count):
        lam.create_function(
            FunctionName=f"{ctx.prefix}-fn-{i}",
            Runtime=RUNTIME,
            Handler="handler.handler",
            Role=f"arn:aws:iam::{ctx.account_id}:role/lambda-role",
            Code={"ZipFile": code},
            Description=f"{ctx.prefix} function {i}",
            Environment={"Variables": {"STAGE": ctx.prefix}},
            KMSKeyArn=key["Arn"],
            Layers=[layer],
            TracingConfig={"Mode": "Active"},
            Tags=ctx.tag_map,
        )
    return {"AWS::Lambda::Function": ctx.count}
