"""DynamoDB tables (on-demand), tagged."""

NAME = "dynamodb"


def seed(ctx) -> dict[str, int]:
    dynamodb = ctx.session.client("dynamodb")
    for i in range(ctx.count):
        dynamodb.create_table(
            TableName=f"{ctx.prefix}-table-{i}",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            Tags=ctx.tags,
        )
    return {"AWS::DynamoDB::Table": ctx.count}
