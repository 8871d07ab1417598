"""AWS::Account::Info in aws-v3's shape: one record per account, `{Id, Name}`.

A global kind, read once per account in the `global` partition. The name comes from the Account Management API's
GetAccountInformation (the same name Organizations lists); where that call is denied or unavailable the record
carries aws-v3's own fallback name, `Account <id>`, rather than failing. The record's region is the partition's
home region (us-east-1 in `aws`), where that API is served.

The default mapping does not map this kind: `awsAccount` entities come from Organizations discovery. A user
mapping that names it (as Ocean's own default does) gets the record.
"""

from botocore.exceptions import ClientError

from port_aws_pipeline.kinds.base import ClientProvider, Properties, RawItem, ReadContext, ResourceKind

HOME_REGIONS = {"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}
#: Denied, or an endpoint without the Account Management API (an emulator answers 404): fall back to aws-v3's name.
FALLBACK_CODES = {
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "404",
    "NotFound",
    "ResourceNotFoundException",
    "UnknownOperationException",
}


def home_region(partition: str) -> str:
    return HOME_REGIONS.get(partition, "us-east-1")


def fetch_account(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    region = home_region(ctx.partition)
    try:
        answer = clients.client("account", region).get_account_information()
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") not in FALLBACK_CODES:
            raise
        answer = {}
    info = {k: v for k, v in answer.items() if k != "ResponseMetadata"}
    return [{"AccountId": ctx.account_id, **info, "Region": region}]


def shape_account(item: RawItem, ctx: ReadContext) -> Properties:
    account_id = item.get("AccountId") or ctx.account_id
    return {"Id": account_id, "Name": item.get("AccountName") or f"Account {account_id}"}


KIND = ResourceKind(
    "AWS::Account::Info",
    "account",
    fetch_account,
    shape_account,
    iam_actions=("account:GetAccountInformation",),
    is_global=True,
    region_of=lambda item: item["Region"],
)
