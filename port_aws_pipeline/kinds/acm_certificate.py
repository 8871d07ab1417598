"""AWS::CertificateManager::Certificate: ListCertificates pages for every key type (the API's default lists RSA
only), DescribeCertificate per certificate (an includeAction, on by default: issuer, validation, `InUseBy`, renewal),
tags for the region in one tagging-API listing.

Properties: the CertificateSummary merged with DescribeCertificate's `Certificate` (AWS's PascalCase keys; the
describe's values win, e.g. `KeyUsages` as [{Name}]), plus `Arn` and `Tags` [{Key, Value}].
"""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import described
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import with_arn
from port_aws_pipeline.kinds.base import with_region_tags

DESCRIBE = "DescribeCertificateAction"
KEY_TYPES = ["RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"]

IAM_ACTIONS = ("acm:ListCertificates", "tag:GetResources")
OPTIONAL_ACTIONS = {DESCRIBE: ("acm:DescribeCertificate",)}


def fetch_certificates(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    acm = clients.client("acm", ctx.region)
    certificates = paginate(acm, "list_certificates", "CertificateSummaryList", Includes={"keyTypes": KEY_TYPES})
    certificates = described(certificates, ctx, DESCRIBE, lambda c: _certificate(acm, c))
    return with_region_tags(clients, ctx.region, "acm:certificate", certificates, "CertificateArn")


def _certificate(acm, summary: dict) -> dict:
    return acm.describe_certificate(CertificateArn=summary["CertificateArn"])["Certificate"]


KIND = ResourceKind(
    "AWS::CertificateManager::Certificate",
    "acm",
    fetch_certificates,
    with_arn("CertificateArn"),
    IAM_ACTIONS,
    OPTIONAL_ACTIONS,
    default_actions=(DESCRIBE,),
)
