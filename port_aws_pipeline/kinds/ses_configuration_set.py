"""AWS::SES::ConfigurationSet in aws-v3's shape (SES v2 API).

ListConfigurationSets pages (NextToken by hand), then GetConfigurationSet per set (no batch call exists); only in
the regions where SES v2 exists. A set denied or gone meanwhile keeps only its name.

Properties are the keys aws-v3 models (tags included, as `[{Key, Value}]`), plus `Arn`
(`arn:<partition>:ses:<region>:<account>:configuration-set/<name>`), which AWS does not return and aws-v3 lacks.
"""

from port_aws_pipeline.kinds import _ses
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import pick_fields

FIELDS = (
    "ConfigurationSetName", "TrackingOptions", "DeliveryOptions", "ReputationOptions", "SendingOptions", "Tags",
    "SuppressionOptions", "VdmOptions", "ArchivingOptions",
)  # fmt: skip

IAM_ACTIONS = ("ses:ListConfigurationSets", "ses:GetConfigurationSet")


def _get(ses, item: RawItem) -> dict:
    return ses.get_configuration_set(ConfigurationSetName=item["ConfigurationSetName"])


def fetch_configuration_sets(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    listing = "list_configuration_sets", "ConfigurationSets"  # names only
    return _ses.read(clients, ctx, *listing, _get, listed=lambda name: {"ConfigurationSetName": name})


def shape_configuration_set(item: RawItem, ctx: ReadContext) -> Properties:
    props = pick_fields(item, FIELDS)
    name = item["ConfigurationSetName"]
    props["Arn"] = f"arn:{ctx.partition}:ses:{ctx.region}:{ctx.account_id}:configuration-set/{name}"
    return props


KIND = ResourceKind(
    "AWS::SES::ConfigurationSet", "sesv2", fetch_configuration_sets, shape_configuration_set, IAM_ACTIONS
)
