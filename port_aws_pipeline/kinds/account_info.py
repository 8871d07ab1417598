"""AWS::Account::Info in aws-v3's shape: one record per account, `{Id, Name}`.

A global kind, read once per account in the `global` partition. The name comes from the Account Management API's
GetAccountInformation (the same name Organizations lists); where that call is denied or unavailable the record
carries aws-v3's own fallback name, `Account <id>`, rather than failing. The record's region is the partition's
home region (us-east-1 in `aws`), where that API is served.

The default mapping does not map this kind: `awsAccount` entities come from Organizations discovery. A user
mapping that names it (as Ocean's own default does) gets the record.
"""

from port_aws_pipeline.kinds.base import DENIED
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import home_region
from port_aws_pipeline.kinds.base import item_call
from port_aws_pipeline.kinds.base import without_metadata

#: Denied, or an endpoint without the Account Management API (an emulator answers 404): fall back to aws-v3's name.
FALLBACK_CODES = DENIED | {
    "UnauthorizedOperation",
    "404",
    "NotFound",
    "ResourceNotFoundException",
    "UnknownOperationException",
}

IAM_ACTIONS = ("account:GetAccountInformation",)


def fetch_account(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    region = home_region(ctx.partition)
    answer = item_call(clients.client("account", region).get_account_information, FALLBACK_CODES) or {}
    return [{"AccountId": ctx.account_id, **without_metadata(answer), "Region": region}]


def shape_account(item: RawItem, ctx: ReadContext) -> Properties:
    account_id = item.get("AccountId") or ctx.account_id
    return {"Id": account_id, "Name": item.get("AccountName") or f"Account {account_id}"}


KIND = ResourceKind(
    "AWS::Account::Info",
    "account",
    fetch_account,
    shape_account,
    IAM_ACTIONS,
    is_global=True,
    region_of=lambda item: item["Region"],
)
