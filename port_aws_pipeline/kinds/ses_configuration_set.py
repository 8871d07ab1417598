"""AWS::SES::ConfigurationSet in aws-v3's shape (SES v2 API).

ListConfigurationSets pages (NextToken by hand), then GetConfigurationSet per set (no batch call exists); only in
the regions where SES v2 exists. A set denied or gone meanwhile keeps only its name.

Properties are the keys aws-v3 models (tags included, as `[{Key, Value}]`), plus `Arn`
(`arn:<partition>:ses:<region>:<account>:configuration-set/<name>`), which AWS does not return and aws-v3 lacks.
"""

from concurrent.futures import ThreadPoolExecutor

from port_aws_pipeline.kinds.base import ClientProvider, Properties, RawItem, ReadContext, ResourceKind
from port_aws_pipeline.kinds.memorydb_user import service_regions
from port_aws_pipeline.kinds.ses_email_identity import details, pages

FIELDS = (
    "ConfigurationSetName",
    "TrackingOptions",
    "DeliveryOptions",
    "ReputationOptions",
    "SendingOptions",
    "Tags",
    "SuppressionOptions",
    "VdmOptions",
    "ArchivingOptions",
)


def fetch_configuration_sets(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    if ctx.region not in service_regions("sesv2", ctx.partition):
        return []
    ses = clients.client("sesv2", ctx.region)
    names = pages(ses.list_configuration_sets, "ConfigurationSets")
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda name: details(ses.get_configuration_set, ConfigurationSetName=name), names))
    return [{"ConfigurationSetName": name, **answer} for name, answer in zip(names, answers, strict=True)]


def shape_configuration_set(item: RawItem, ctx: ReadContext) -> Properties:
    props: Properties = {key: item[key] for key in FIELDS if key in item}
    name = item["ConfigurationSetName"]
    props["Arn"] = f"arn:{ctx.partition}:ses:{ctx.region}:{ctx.account_id}:configuration-set/{name}"
    return props


KIND = ResourceKind(
    "AWS::SES::ConfigurationSet",
    "sesv2",
    fetch_configuration_sets,
    shape_configuration_set,
    iam_actions=("ses:ListConfigurationSets", "ses:GetConfigurationSet"),
)
