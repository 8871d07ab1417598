"""AWS::DynamoDB::Table in aws-v3's shape.

ListTables pages, then DescribeTable per table (no batch describe exists). includeActions:
`GetTableTagsAction` (the region's table tags from one tagging-API listing) and `GetTableBackupStatusAction`
(DescribeContinuousBackups per table).

Properties are DescribeTable's `Table` as AWS returns it (aws-v3 keeps every key), after `TableName` and `TableArn`,
plus `Tags` `[{Key, Value}]` and `ContinuousBackupsDescription` when asked for.
"""

from port_aws_pipeline.kinds.base import DENIED
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import as_returned
from port_aws_pipeline.kinds.base import item_call
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import per_item
from port_aws_pipeline.kinds.base import with_region_tags

TAGS = "GetTableTagsAction"
BACKUPS = "GetTableBackupStatusAction"
#: A table deleted or denied between the list and a per-table call keeps the fields it has.
SKIPPABLE = DENIED | {"ResourceNotFoundException", "TableNotFoundException"}

IAM_ACTIONS = ("dynamodb:ListTables", "dynamodb:DescribeTable")
OPTIONAL_ACTIONS = {TAGS: ("tag:GetResources",), BACKUPS: ("dynamodb:DescribeContinuousBackups",)}


def _table(dynamodb, ctx: ReadContext, name: str, backups: bool) -> RawItem:
    item: RawItem = {
        "TableName": name,
        "TableArn": f"arn:{ctx.partition}:dynamodb:{ctx.region}:{ctx.account_id}:table/{name}",
    }
    item.update(item_call(lambda: dynamodb.describe_table(TableName=name)["Table"], SKIPPABLE) or {})
    if backups:
        status = item_call(
            lambda: dynamodb.describe_continuous_backups(TableName=name)["ContinuousBackupsDescription"], SKIPPABLE
        )
        if status is not None:
            item["ContinuousBackupsDescription"] = status
    return item


def fetch_tables(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    dynamodb = clients.client("dynamodb", ctx.region)
    names = paginate(dynamodb, "list_tables", "TableNames")
    # Each per-table call tolerates its own codes: a table always keeps its name and ARN.
    items = per_item(lambda name: _table(dynamodb, ctx, name, BACKUPS in ctx.actions), names, tolerated=())
    if TAGS in ctx.actions:
        items = with_region_tags(clients, ctx.region, "dynamodb", items, "TableArn")
    return items


KIND = ResourceKind("AWS::DynamoDB::Table", "dynamodb", fetch_tables, as_returned, IAM_ACTIONS, OPTIONAL_ACTIONS)
