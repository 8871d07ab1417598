"""AWS::SES::EmailIdentity in aws-v3's shape (SES v2 API).

ListEmailIdentities pages (no paginator in botocore: NextToken by hand), then GetEmailIdentity per identity (no
batch call exists), merged over the list entry; only in the regions where SES v2 exists (elsewhere the read is
complete and empty, as aws-v3 skips them). An identity denied or gone meanwhile keeps its list fields.

Properties are the keys aws-v3 models (tags included, as `[{Key, Value}]`), plus `Arn`
(`arn:<partition>:ses:<region>:<account>:identity/<name>`), which AWS does not return and aws-v3 lacks.
"""

from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError

from port_aws_pipeline.kinds.base import ClientProvider, Properties, RawItem, ReadContext, ResourceKind
from port_aws_pipeline.kinds.memorydb_user import service_regions

SKIPPABLE = {"AccessDenied", "AccessDeniedException", "NotFoundException"}
FIELDS = (
    "IdentityName",
    "IdentityType",
    "SendingEnabled",
    "FeedbackForwardingStatus",
    "VerifiedForSendingStatus",
    "DkimAttributes",
    "MailFromAttributes",
    "Policies",
    "Tags",
    "ConfigurationSetName",
    "VerificationStatus",
    "VerificationInfo",
)


def pages(call, key: str) -> list:
    """Every item of a NextToken-paged SES v2 list call."""
    items, token = [], None
    while True:
        page = call(**({"NextToken": token} if token else {}))
        items += page.get(key, [])
        token = page.get("NextToken")
        if not token:
            return items


def details(call, **kwargs) -> dict:
    """One Get* answer without its ResponseMetadata; empty when the resource is denied or gone."""
    try:
        answer = call(**kwargs)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in SKIPPABLE:
            return {}
        raise
    return {k: v for k, v in answer.items() if k != "ResponseMetadata"}


def fetch_identities(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    if ctx.region not in service_regions("sesv2", ctx.partition):
        return []
    ses = clients.client("sesv2", ctx.region)
    identities = pages(ses.list_email_identities, "EmailIdentities")
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda i: details(ses.get_email_identity, EmailIdentity=i["IdentityName"]), identities))
    return [{**identity, **answer} for identity, answer in zip(identities, answers, strict=True)]


def shape_identity(item: RawItem, ctx: ReadContext) -> Properties:
    props: Properties = {key: item[key] for key in FIELDS if key in item}
    props["Arn"] = f"arn:{ctx.partition}:ses:{ctx.region}:{ctx.account_id}:identity/{item['IdentityName']}"
    return props


KIND = ResourceKind(
    "AWS::SES::EmailIdentity",
    "sesv2",
    fetch_identities,
    shape_identity,
    iam_actions=("ses:ListEmailIdentities", "ses:GetEmailIdentity"),
)
