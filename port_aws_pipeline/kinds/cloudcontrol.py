"""Any other `AWS::Service::Type` through AWS Cloud Control: ListResources pages, GetResource where the list omits
the properties.

Cloud Control answers each resource as `{Identifier, Properties}` with `Properties` a JSON string in the type
schema's own (PascalCase) names; `shape` returns that parsed JSON, the same raw shape the per-service kinds give.

Many list handlers return only the primary identifier (`{"RestApiId": "abc"}`), so a resource whose listed
properties are nothing but the pieces of its `Identifier` is read again with GetResource (on a small pool: Cloud
Control's own rate limits are low). Types that Cloud Control cannot list on their own (children that need their
parent's identifier, types without a list handler, names not in the registry) fail that kind with
`CloudControlUnsupported`, which says what to do; throttling and service errors propagate as the AWS error they are.
Services whose resources are global (IAM, Route 53, CloudFront, ...) are read once per account, in the partition's
home region, instead of once per region.
"""

from __future__ import annotations

import json
from functools import cache

from botocore.exceptions import ClientError

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import error_code
from port_aws_pipeline.kinds.base import home_region
from port_aws_pipeline.kinds.base import per_item

#: GetResource calls in flight per kind and region (Cloud Control throttles hard; clients retry adaptively).
GET_WORKERS = 4
#: Global services: the same resources in every region, served from one region of the partition.
GLOBAL_SERVICES = {
    "IAM": None,
    "Route53": None,
    "CloudFront": None,
    "Organizations": None,
    "Budgets": None,
    "CE": None,
    "Shield": None,
    "WAF": None,
    "GlobalAccelerator": "us-west-2",
    "NetworkManager": "us-west-2",
    "Route53RecoveryControl": "us-west-2",
    "Route53RecoveryReadiness": "us-west-2",
}
#: CloudFormation service names whose IAM namespace is not the lower-cased name.
IAM_NAMESPACES = {
    "ACMPCA": ("acm-pca",),
    "AccessAnalyzer": ("access-analyzer",),
    "AmazonMQ": ("mq",),
    "ApiGateway": ("apigateway",),
    "ApiGatewayV2": ("apigateway",),
    "AppIntegrations": ("app-integrations",),
    "ApplicationAutoScaling": ("application-autoscaling",),
    "CertificateManager": ("acm",),
    "CodeGuruProfiler": ("codeguru-profiler",),
    "CodeGuruReviewer": ("codeguru-reviewer",),
    "CodeStarConnections": ("codestar-connections",),
    "Cognito": ("cognito-idp", "cognito-identity"),
    "CustomerProfiles": ("profile",),
    "DevOpsGuru": ("devops-guru",),
    "DirectoryService": ("ds",),
    "DocDB": ("rds",),
    "DocDBElastic": ("docdb-elastic",),
    "EFS": ("elasticfilesystem",),
    "EMR": ("elasticmapreduce",),
    "EMRContainers": ("emr-containers",),
    "EMRServerless": ("emr-serverless",),
    "ElasticLoadBalancing": ("elasticloadbalancing",),
    "ElasticLoadBalancingV2": ("elasticloadbalancing",),
    "Elasticsearch": ("es",),
    "EventSchemas": ("schemas",),
    "GreengrassV2": ("greengrass",),
    "InspectorV2": ("inspector2",),
    "KinesisAnalytics": ("kinesisanalytics",),
    "KinesisAnalyticsV2": ("kinesisanalytics",),
    "KinesisFirehose": ("firehose",),
    "Location": ("geo",),
    "MSK": ("kafka",),
    "MWAA": ("airflow",),
    "Macie": ("macie2",),
    "Neptune": ("rds",),
    "NetworkFirewall": ("network-firewall",),
    "OpenSearchServerless": ("aoss",),
    "OpenSearchService": ("es",),
    "Pinpoint": ("mobiletargeting",),
    "RedshiftServerless": ("redshift-serverless",),
    "RefactorSpaces": ("refactor-spaces",),
    "ResourceGroups": ("resource-groups",),
    "Route53RecoveryControl": ("route53-recovery-control-config",),
    "Route53RecoveryReadiness": ("route53-recovery-readiness",),
    "S3Express": ("s3express",),
    "S3ObjectLambda": ("s3-object-lambda",),
    "S3Outposts": ("s3-outposts",),
    "SSMContacts": ("ssm-contacts",),
    "SSMIncidents": ("ssm-incidents",),
    "ServiceCatalogAppRegistry": ("servicecatalog",),
    "StepFunctions": ("states",),
    "VpcLattice": ("vpc-lattice",),
    "WAFRegional": ("waf-regional",),
}
#: API Gateway's IAM actions are HTTP verbs, not operation names.
HTTP_VERB_NAMESPACES = {"apigateway"}
#: The listing is not possible for this type at all (no retry or permission changes that).
UNSUPPORTED = {
    "InvalidRequestException": (
        "Cloud Control cannot list it without more input: child types (for example AWS::ApiGateway::Stage, which "
        "needs a RestApiId) can only be listed under their parent's identifier, which a mapping cannot give. "
        "Remove this kind from the mapping (map the parent type instead), or implement a kind module for it"
    ),
    "UnsupportedActionException": (
        "the type has no Cloud Control list handler. Remove this kind from the mapping, or implement a kind module "
        "for it"
    ),
    "TypeNotFoundException": (
        "it is not a type of the CloudFormation registry in this region. Check the spelling (AWS::Service::Type, as "
        "in the CloudFormation resource reference) and that the service exists in this region"
    ),
}
GONE = {"ResourceNotFoundException"}
DENIED = {"InvalidCredentialsException", "AccessDeniedException", "AccessDenied"}


class CloudControlUnsupported(Exception):
    """Cloud Control cannot list this type on its own; the message names the type and what to do."""


def _message(exc: ClientError) -> str:
    return exc.response.get("Error", {}).get("Message", str(exc))


def service_of(type_name: str) -> str:
    return type_name.split("::")[1]


def global_region(type_name: str, partition: str) -> str | None:
    """Where a global service's resources are read (None: a regional type)."""
    service = service_of(type_name)
    if service not in GLOBAL_SERVICES:
        return None
    return (GLOBAL_SERVICES[service] if partition == "aws" else None) or home_region(partition)


def iam_actions_for(type_name: str) -> tuple[str, ...]:
    """Cloud Control's own actions (in the `cloudformation` namespace) plus the service's read actions it calls."""
    service = service_of(type_name)
    namespaces = IAM_NAMESPACES.get(service, (service.lower(),))
    reads = []
    for namespace in namespaces:
        verbs = ("GET",) if namespace in HTTP_VERB_NAMESPACES else ("List*", "Describe*", "Get*")
        reads += [f"{namespace}:{verb}" for verb in verbs]
    return ("cloudformation:ListResources", "cloudformation:GetResource", *dict.fromkeys(reads))


def parse_properties(properties) -> dict:
    if not properties:
        return {}
    return json.loads(properties) if isinstance(properties, str) else dict(properties)


def lists_only_identifier(item: RawItem) -> bool:
    """True when the listed properties are empty or nothing but the parts of the primary identifier."""
    properties = parse_properties(item.get("Properties"))
    if not properties:
        return True
    parts = set(str(item.get("Identifier", "")).split("|"))
    return len(properties) <= len(parts) and all(isinstance(v, str) and v in parts for v in properties.values())


def _list(cloudcontrol, type_name: str, region: str) -> list[RawItem]:
    items: list[RawItem] = []
    pages = 0
    try:
        for page in cloudcontrol.get_paginator("list_resources").paginate(TypeName=type_name):
            pages += 1
            items += page.get("ResourceDescriptions", [])
    except ClientError as exc:
        reason = UNSUPPORTED.get(error_code(exc))
        if reason is None or pages:  # a later page failing (an expired NextToken, ...) is no verdict on the type
            raise
        raise CloudControlUnsupported(
            f"Cloud Control cannot list {type_name} in {region} ({error_code(exc)}: {_message(exc)}): {reason}"
        ) from None
    return items


def _get(cloudcontrol, type_name: str, item: RawItem) -> tuple[RawItem | None, ClientError | None]:
    """The item with GetResource's properties; None if it vanished; the listing's item and the error if denied."""
    try:
        described = cloudcontrol.get_resource(TypeName=type_name, Identifier=item["Identifier"])
    except ClientError as exc:
        if error_code(exc) in GONE:
            return None, None
        if error_code(exc) in DENIED:
            return item, exc
        raise
    return {**item, "Properties": described["ResourceDescription"].get("Properties") or item.get("Properties")}, None


def fetch_resources(type_name: str, clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    region = global_region(type_name, ctx.partition) or ctx.region
    cloudcontrol = clients.client("cloudcontrol", region)
    items = _list(cloudcontrol, type_name, region)
    partial = [i for i, item in enumerate(items) if lists_only_identifier(item)]
    if partial:
        answers = per_item(
            lambda i: _get(cloudcontrol, type_name, items[i]), partial, workers=GET_WORKERS, tolerated=()
        )
        denied = [error for _, error in answers if error is not None]
        if denied and len(denied) == len(answers):
            raise denied[0]  # no GetResource allowed at all: a permission problem, not one resource's policy
        for i, (item, _) in zip(partial, answers, strict=True):
            items[i] = item
    return [{**item, "Region": region} for item in items if item is not None]


def shape_resource(item: RawItem, ctx: ReadContext) -> Properties:
    return parse_properties(item.get("Properties"))


@cache
def cloud_control_kind(type_name: str) -> ResourceKind:
    is_global = service_of(type_name) in GLOBAL_SERVICES
    return ResourceKind(
        kind=type_name,
        service="cloudcontrol",
        fetch=lambda clients, ctx: fetch_resources(type_name, clients, ctx),
        shape=shape_resource,
        iam_actions=iam_actions_for(type_name),
        is_global=is_global,
        region_of=(lambda item: item["Region"]) if is_global else None,
    )
