"""What a resource kind is: a fetch (AWS calls only) and a pure shape, registered by type name.

`fetch` returns AWS's own items (one dict per resource, enrichment calls merged in);
`shape` turns one item into the aws-v3 `Properties` of that kind without any I/O, so
each kind is tested field by field on a recorded response. Kinds only see a
`ClientProvider`; sessions, credentials and retries live behind it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

Properties = dict[str, Any]
RawItem = dict[str, Any]


class ClientProvider(Protocol):
    """Pooled boto3 clients for one account: `client("ec2", "eu-west-1")`."""

    account_id: str
    partition: str

    def client(self, service: str, region: str) -> Any: ...


@dataclass(frozen=True)
class ReadContext:
    """Where a read happens. For global kinds `region` is "global" and `regions` the allowed ones.

    `actions` are the optional enrichment calls (aws-v3 `includeActions`) in force.
    """

    account_id: str
    region: str
    partition: str
    regions: tuple[str, ...]
    actions: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ResourceKind:
    """One AWS resource type.

    `iam_actions` are what `fetch` always calls; `optional_actions` maps each
    includeAction name to the IAM actions it adds; `default_actions` are aws-v3's
    defaults when a mapping names none. Global kinds are listed once per account
    and `region_of` gives each item its own region, so the region policy applies.
    """

    kind: str
    service: str
    fetch: Callable[[ClientProvider, ReadContext], list[RawItem]]
    shape: Callable[[RawItem, ReadContext], Properties]
    iam_actions: tuple[str, ...]
    optional_actions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    default_actions: tuple[str, ...] = ()
    is_global: bool = False
    region_of: Callable[[RawItem], str] | None = None

    def actions_for(self, requested: Iterable[str] | None) -> frozenset[str]:
        """The includeActions to run: the mapping's (known ones only), else aws-v3's defaults."""
        if requested is None:
            return frozenset(self.default_actions)
        return frozenset(a for a in requested if a in self.optional_actions)


def paginate(client, operation: str, key: str, **kwargs) -> list[dict]:
    """Every item of every page of a paginated list call."""
    return [item for page in client.get_paginator(operation).paginate(**kwargs) for item in page.get(key, [])]


def chunks(items: list, size: int) -> Iterable[list]:
    """Batches for the batch-describe calls (DescribeClusters takes 100, ...)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def tags_by_arn(clients: ClientProvider, region: str, resource_type: str) -> dict[str, list[dict]]:
    """Tags of every resource of a type in one paginated call instead of one call per resource."""
    tagging = clients.client("resourcegroupstaggingapi", region)
    mappings = paginate(tagging, "get_resources", "ResourceTagMappingList", ResourceTypeFilters=[resource_type])
    return {m["ResourceARN"]: m.get("Tags", []) for m in mappings}


def tag_list(tags: dict[str, str] | None) -> list[dict]:
    """A `{key: value}` map as `[{Key, Value}]` (the shape aws-v3 gives EC2, ECS, RDS, S3, ...)."""
    return [{"Key": k, "Value": v} for k, v in (tags or {}).items()]


def tag_map(tags: list[dict] | None) -> dict[str, str]:
    """`[{Key, Value}]` (either case) as `{key: value}` (the shape aws-v3 gives Lambda, SQS, EKS, MSK)."""
    out: dict[str, str] = {}
    for tag in tags or []:
        key = tag.get("Key", tag.get("key"))
        if key is not None:
            out[key] = tag.get("Value", tag.get("value", ""))
    return out


def pascal_case(data: Any) -> Any:
    """camelCase AWS answers (ECS, EKS, ...) as aws-v3's PascalCase keys, recursively."""
    if isinstance(data, dict):
        return {(k[:1].upper() + k[1:]) if isinstance(k, str) else k: pascal_case(v) for k, v in data.items()}
    if isinstance(data, list):
        return [pascal_case(v) for v in data]
    return data
