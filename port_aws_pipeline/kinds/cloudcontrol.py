"""Any other `AWS::Service::Type` through AWS Cloud Control: ListResources, GetResource when needed.

Cloud Control answers each resource's properties as a JSON string in the schema's own
(PascalCase) names, which is the same raw shape the per-service kinds produce.
"""

from __future__ import annotations

import json
from functools import cache

from port_aws_pipeline.kinds.base import ClientProvider, Properties, RawItem, ReadContext, ResourceKind


class CloudControlUnsupported(Exception):
    """The type cannot be listed by Cloud Control on its own (it needs a parent identifier)."""


def fetch_resources(type_name: str, clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    cloudcontrol = clients.client("cloudcontrol", ctx.region)
    items: list[RawItem] = []
    try:
        for page in cloudcontrol.get_paginator("list_resources").paginate(TypeName=type_name):
            items += page.get("ResourceDescriptions", [])
    except Exception as exc:
        code = getattr(exc, "response", {}).get("Error", {}).get("Code", "")
        if code in ("InvalidRequestException", "UnsupportedActionException", "TypeNotFoundException"):
            raise CloudControlUnsupported(
                f"Cloud Control cannot list {type_name} in {ctx.region} ({code}: {exc}); types that need a parent "
                "identifier cannot be listed on their own: remove this kind from the mapping"
            ) from None
        raise
    for item in items:
        if not item.get("Properties"):
            described = cloudcontrol.get_resource(TypeName=type_name, Identifier=item["Identifier"])
            item["Properties"] = described["ResourceDescription"].get("Properties") or "{}"
    return items


def shape_resource(item: RawItem, ctx: ReadContext) -> Properties:
    properties = item.get("Properties") or "{}"
    return json.loads(properties) if isinstance(properties, str) else dict(properties)


@cache
def cloud_control_kind(type_name: str) -> ResourceKind:
    service = type_name.split("::")[1].lower()
    return ResourceKind(
        kind=type_name,
        service="cloudcontrol",
        fetch=lambda clients, ctx: fetch_resources(type_name, clients, ctx),
        shape=shape_resource,
        iam_actions=("cloudformation:ListResources", "cloudformation:GetResource", f"{service}:List*", f"{service}:Describe*", f"{service}:Get*"),
    )
