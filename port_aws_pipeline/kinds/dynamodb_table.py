"""AWS::DynamoDB::Table in aws-v3's shape.

ListTables pages, then DescribeTable per table (no batch describe exists). includeActions:
`GetTableTagsAction` (the region's table tags from one tagging-API listing) and `GetTableBackupStatusAction`
(DescribeContinuousBackups per table).

Properties are DescribeTable's `Table` as AWS returns it (aws-v3 keeps every key), after `TableName` and `TableArn`,
plus `Tags` `[{Key, Value}]` and `ContinuousBackupsDescription` when asked for.
"""

from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError

from port_aws_pipeline.kinds.base import (
    ClientProvider,
    Properties,
    RawItem,
    ReadContext,
    ResourceKind,
    paginate,
    tags_by_arn,
)

TAGS = "GetTableTagsAction"
BACKUPS = "GetTableBackupStatusAction"
#: A table deleted or denied between the list and a per-table call keeps the fields it has.
SKIPPABLE = {"AccessDenied", "AccessDeniedException", "ResourceNotFoundException", "TableNotFoundException"}


def _skippable(call):
    try:
        return call()
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in SKIPPABLE:
            return None
        raise


def _table(dynamodb, ctx: ReadContext, name: str, backups: bool) -> RawItem:
    item: RawItem = {
        "TableName": name,
        "TableArn": f"arn:{ctx.partition}:dynamodb:{ctx.region}:{ctx.account_id}:table/{name}",
    }
    item.update(_skippable(lambda: dynamodb.describe_table(TableName=name)["Table"]) or {})
    if backups:
        status = _skippable(
            lambda: dynamodb.describe_continuous_backups(TableName=name)["ContinuousBackupsDescription"]
        )
        if status is not None:
            item["ContinuousBackupsDescription"] = status
    return item


def fetch_tables(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    dynamodb = clients.client("dynamodb", ctx.region)
    names = paginate(dynamodb, "list_tables", "TableNames")
    if not names:
        return []
    with ThreadPoolExecutor(max_workers=8) as pool:
        items = list(pool.map(lambda name: _table(dynamodb, ctx, name, BACKUPS in ctx.actions), names))
    if TAGS in ctx.actions:
        tags = tags_by_arn(clients, ctx.region, "dynamodb")
        for item in items:
            item["Tags"] = tags.get(item["TableArn"], [])
    return items


def shape_table(item: RawItem, ctx: ReadContext) -> Properties:
    return dict(item)


KIND = ResourceKind(
    "AWS::DynamoDB::Table",
    "dynamodb",
    fetch_tables,
    shape_table,
    iam_actions=("dynamodb:ListTables", "dynamodb:DescribeTable"),
    optional_actions={TAGS: ("tag:GetResources",), BACKUPS: ("dynamodb:DescribeContinuousBackups",)},
)
