"""AWS::SES::EmailIdentity in aws-v3's shape (SES v2 API).

ListEmailIdentities pages (no paginator in botocore: NextToken by hand), then GetEmailIdentity per identity (no
batch call exists), merged over the list entry; only in the regions where SES v2 exists (elsewhere the read is
complete and empty, as aws-v3 skips them). An identity denied or gone meanwhile keeps its list fields.

Properties are the keys aws-v3 models (tags included, as `[{Key, Value}]`), plus `Arn`
(`arn:<partition>:ses:<region>:<account>:identity/<name>`), which AWS does not return and aws-v3 lacks.
"""

from port_aws_pipeline.kinds import _ses
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import pick_fields

FIELDS = (
    "IdentityName", "IdentityType", "SendingEnabled", "FeedbackForwardingStatus", "VerifiedForSendingStatus",
    "DkimAttributes", "MailFromAttributes", "Policies", "Tags", "ConfigurationSetName", "VerificationStatus",
    "VerificationInfo",
)  # fmt: skip

IAM_ACTIONS = ("ses:ListEmailIdentities", "ses:GetEmailIdentity")


def _get(ses, identity: RawItem) -> dict:
    return ses.get_email_identity(EmailIdentity=identity["IdentityName"])


def fetch_identities(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    return _ses.read(clients, ctx, "list_email_identities", "EmailIdentities", _get)


def shape_identity(item: RawItem, ctx: ReadContext) -> Properties:
    props = pick_fields(item, FIELDS)
    props["Arn"] = f"arn:{ctx.partition}:ses:{ctx.region}:{ctx.account_id}:identity/{item['IdentityName']}"
    return props


KIND = ResourceKind("AWS::SES::EmailIdentity", "sesv2", fetch_identities, shape_identity, IAM_ACTIONS)
