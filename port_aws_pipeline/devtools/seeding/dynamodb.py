"""DynamoDB tables (on-demand, encrypted with DynamoDB's AWS-managed KMS key), tagged (moto keeps no table class)."""

NAME = "dynamodb"


def table(ctx, i: int) -> dict:
    return {
        "TableName": f"{ctx.prefix}-table-{i}",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "BillingMode": "PAY_PER_REQUEST",
        "SSESpecification": {"Enabled": True, "SSEType": "KMS"},
        "Tags": ctx.tags,
    }


def seed(ctx) -> dict[str, int]:
    ctx.create_each("dynamodb", "create_table", table)
    return {"AWS::DynamoDB::Table": ctx.count}
