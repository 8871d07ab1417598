"""What a resource kind is: a name, a service and one read function."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from port_aws_pipeline.aws.sessions import AwsClients

Properties = dict[str, Any]


@dataclass(frozen=True)
class ReadContext:
    """Where a read happens. For global kinds `region` is "global" and `regions` the allowed ones."""

    account_id: str
    region: str
    partition: str
    regions: tuple[str, ...]


@dataclass(frozen=True)
class ResourceKind:
    """One AWS resource type; `read` returns PascalCase properties, each with `Arn`.

    Global kinds are listed once per account; each resource still carries its own
    region in the returned `Region` key so the region policy applies to it.
    """

    kind: str
    service: str
    read: Callable[[AwsClients, ReadContext], list[Properties]]
    is_global: bool = False


def paginate(client, operation: str, key: str, **kwargs) -> list[dict]:
    return [item for page in client.get_paginator(operation).paginate(**kwargs) for item in page.get(key, [])]


def tags_by_arn(clients: AwsClients, region: str, resource_type: str) -> dict[str, list[dict]]:
    """Tags of every resource of a type in one paginated call instead of one call per resource."""
    tagging = clients.client("resourcegroupstaggingapi", region)
    mappings = paginate(tagging, "get_resources", "ResourceTagMappingList", ResourceTypeFilters=[resource_type])
    return {m["ResourceARN"]: m.get("Tags", []) for m in mappings}


def tag_list(tags: dict[str, str] | None) -> list[dict]:
    """Services that return tags as a map get the same `[{Key, Value}]` shape as EC2."""
    return [{"Key": k, "Value": v} for k, v in (tags or {}).items()]
