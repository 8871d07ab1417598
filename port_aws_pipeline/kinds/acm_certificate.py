"""AWS::CertificateManager::Certificate: ListCertificates pages for every key type (the API's default lists RSA
only), DescribeCertificate per certificate (an includeAction, on by default: issuer, validation, `InUseBy`, renewal),
tags for the region in one tagging-API listing.

Properties: the CertificateSummary merged with DescribeCertificate's `Certificate` (AWS's PascalCase keys; the
describe's values win, e.g. `KeyUsages` as [{Name}]), plus `Arn` and `Tags` [{Key, Value}].
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

DESCRIBE = "DescribeCertificateAction"
KEY_TYPES = ["RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"]
SKIPPABLE = {"ResourceNotFoundException", "AccessDenied", "AccessDeniedException"}


def _describe(acm, arn: str) -> dict | None:
    try:
        return acm.describe_certificate(CertificateArn=arn)["Certificate"]
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in SKIPPABLE:
            return None
        raise


def fetch_certificates(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    acm = clients.client("acm", ctx.region)
    certificates = paginate(acm, "list_certificates", "CertificateSummaryList", Includes={"keyTypes": KEY_TYPES})
    if not certificates:
        return []
    if DESCRIBE in ctx.actions:
        with ThreadPoolExecutor(max_workers=8) as pool:
            described = list(pool.map(lambda c: _describe(acm, c["CertificateArn"]), certificates))
        certificates = [{**c, **(d or {})} for c, d in zip(certificates, described, strict=True)]
    tags = tags_by_arn(clients, ctx.region, "acm:certificate")
    return [{**c, "Tags": tags.get(c["CertificateArn"], [])} for c in certificates]


def shape_certificate(item: RawItem, ctx: ReadContext) -> Properties:
    return {**item, "Arn": item["CertificateArn"], "Tags": item.get("Tags") or []}


KIND = ResourceKind(
    "AWS::CertificateManager::Certificate",
    "acm",
    fetch_certificates,
    shape_certificate,
    iam_actions=("acm:ListCertificates", "tag:GetResources"),
    optional_actions={DESCRIBE: ("acm:DescribeCertificate",)},
    default_actions=(DESCRIBE,),
)
