"""What a resource kind is: a fetch (AWS calls only) and a pure shape, registered by type name.

`fetch` returns AWS's own items (one dict per resource, enrichment calls merged in);
`shape` turns one item into the aws-v3 `Properties` of that kind without any I/O, so
each kind is tested field by field on a recorded response. Kinds only see a
`ClientProvider`; sessions, credentials and retries live behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import Protocol

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


def batch_described(
    describe: Callable[..., dict], ids: dict[str, list], size: int, key: str, **params
) -> list[RawItem]:
    """The `key` items of a batch describe over `ids` (`{parameter: all ids}`), `size` ids a call, not one per item."""
    [(parameter, values)] = ids.items()
    return [item for batch in chunks(values, size) for item in describe(**{parameter: batch}, **params).get(key, [])]


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


HOME_REGIONS = {"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}
#: Codes that mean "this one item is gone or hidden from us": its enrichment field stays null, the kind goes on.
ITEM_GONE_OR_DENIED = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "ResourceNotFoundException",
        "NotFoundException",
        "NoSuchEntity",
        "ResourceNotFound",
    }
)


def home_region(partition: str) -> str:
    """Where a partition's global services (IAM, S3 listing, Route 53, CloudFront) answer."""
    return HOME_REGIONS.get(partition, "us-east-1")


def error_code(exc: BaseException) -> str:
    return getattr(exc, "response", {}).get("Error", {}).get("Code", "") if hasattr(exc, "response") else ""


def item_call(call: Callable[[], Any], tolerated: Iterable[str] = ITEM_GONE_OR_DENIED) -> Any:
    """One per-item enrichment call; None when AWS says the item is gone or denied, anything else raises."""
    try:
        return call()
    except Exception as exc:
        if error_code(exc) in set(tolerated):
            return None
        raise


def per_item(
    call: Callable[[Any], Any], items: list, *, workers: int = 8, tolerated: Iterable[str] = ITEM_GONE_OR_DENIED
) -> list:
    """`call(item)` for every item on a small bounded pool (for the calls no list or batch call replaces)."""
    from concurrent.futures import ThreadPoolExecutor

    if not items:
        return []
    tolerated = frozenset(tolerated)
    with ThreadPoolExecutor(max_workers=min(workers, len(items))) as pool:
        return list(pool.map(lambda item: item_call(lambda: call(item), tolerated), items))


#: "Access denied" for one item: in every kind's tolerated codes (with its own "gone" codes).
DENIED = frozenset({"AccessDenied", "AccessDeniedException"})


def region_of_arn(arn: str | None) -> str:
    """A global resource's region: its ARN partition's home region (us-east-1 in `aws`)."""
    parts = (arn or "").split(":")
    return home_region(parts[1] if len(parts) > 1 else "aws")


_SERVICE_REGIONS: dict[tuple[str, str], frozenset[str]] = {}


def service_regions(service: str, partition: str) -> frozenset[str]:
    """Regions botocore's endpoint data lists for a service in a partition (where the service exists at all)."""
    if (service, partition) not in _SERVICE_REGIONS:
        import botocore.session

        regions = botocore.session.get_session().get_available_regions(service, partition_name=partition)
        _SERVICE_REGIONS[service, partition] = frozenset(regions)
    return _SERVICE_REGIONS[service, partition]


def pages(call: Callable[..., dict], key: str, **kwargs) -> list:
    """Every item of a NextToken-paged list call that botocore has no paginator for (SES v2, ...)."""
    items, token = [], None
    while True:
        page = call(**kwargs, **({"NextToken": token} if token else {}))
        items += page.get(key, [])
        token = page.get("NextToken")
        if not token:
            return items


def _by_id(call: Callable[[list[str]], dict[str, Any]], ids: list[str], gone: frozenset[str]) -> dict[str, Any]:
    try:
        return call(ids)
    except Exception as exc:
        if error_code(exc) not in gone:
            raise
        if len(ids) == 1:
            return {ids[0]: None}
        found: dict[str, Any] = {}
        for one in ids:
            found.update(_by_id(call, [one], gone))
        return found


def by_id_in_batches(
    call: Callable[[list[str]], dict[str, Any]], ids: list[str], size: int, gone: Iterable[str]
) -> dict[str, Any]:
    """`call(batch)` (an answer by id) for every batch of `size` ids (DescribeTags, ListTagsForResources, ...).

    A batch failing because one of its ids is gone meanwhile is asked again one id at a time; the gone id maps to None.
    """
    found: dict[str, Any] = {}
    for batch in chunks(ids, size):
        found.update(_by_id(call, batch, frozenset(gone)))
    return found


def children_per_item(
    call: Callable[[Any], list], items: list, *, workers: int = 8, tolerated: Iterable[str] = ITEM_GONE_OR_DENIED
) -> list:
    """`per_item` for calls that answer a list each (an item's children): every list, concatenated in item order; an
    item gone or denied meanwhile has none."""
    return [child for found in per_item(call, items, workers=workers, tolerated=tolerated) for child in found or []]


def described(
    items: list[RawItem],
    ctx: ReadContext,
    action: str,
    describe: Callable[[RawItem], dict],
    tolerated: Iterable[str] = ITEM_GONE_OR_DENIED,
) -> list[RawItem]:
    """With the `action` includeAction on, each item merged with its `describe(item)` answer (one call per item, on
    `per_item`'s pool; an item gone or denied meanwhile keeps its listed fields). Without it, the items as listed."""
    if action not in ctx.actions:
        return items
    return merge_each(items, per_item(describe, items, tolerated=tolerated))


def merge_each(items: list[RawItem], answers: list[dict | None]) -> list[RawItem]:
    """Each item with its enrichment answer's keys over its own; an item whose answer is None stays as listed."""
    return [{**item, **(answer or {})} for item, answer in zip(items, answers, strict=True)]


def set_each(items: list[RawItem], key: str, values: list) -> list[RawItem]:
    """Each item with `key` set to its value (one per item, in order; None where the item's call was skipped)."""
    return [{**item, key: value} for item, value in zip(items, values, strict=True)]


def with_region_tags(
    clients: ClientProvider,
    region: str,
    resource_type: str,
    items: list[RawItem],
    arn: str | Callable[[RawItem], str],
    key: str = "Tags",
) -> list[RawItem]:
    """Each item with its tags (`[{Key, Value}]`, [] when untagged) under `key`, from one tagging-API listing (none
    when there are no items).

    `arn` is the item's ARN key, or a function giving the ARN when the item does not carry it.
    """
    if not items:
        return []
    tags = tags_by_arn(clients, region, resource_type)
    arn_of = (lambda item: item[arn]) if isinstance(arn, str) else arn
    return [{**item, key: tags.get(arn_of(item), [])} for item in items]


def without_metadata(answer: dict) -> dict:
    """An AWS answer without botocore's `ResponseMetadata`."""
    return {k: v for k, v in answer.items() if k != "ResponseMetadata"}


def as_returned(item: RawItem, ctx: ReadContext) -> Properties:
    """The `shape` of a kind whose aws-v3 model keeps every key AWS returns: the item as AWS answered it."""
    return dict(item)


def with_arn(arn_key: str, *, tags: bool = True) -> Callable[[RawItem, ReadContext], Properties]:
    """The `shape` of a kind whose Properties are the item as AWS answers it (PascalCase), plus `Arn` (the item's
    `arn_key`) and, with `tags`, `Tags` as AWS gives them ([] when it gave none)."""

    def shape(item: RawItem, ctx: ReadContext) -> Properties:
        props = {**item, "Arn": item[arn_key]}
        if tags:
            props["Tags"] = item.get("Tags") or []
        return props

    return shape


def pascal_name(name: str) -> str:
    """`clusterName` -> `ClusterName`."""
    return name[:1].upper() + name[1:]


def pascal_fields(item: RawItem, fields: Iterable[str]) -> Properties:
    """The `fields` (AWS's camelCase names) the item has, under PascalCase names, in `fields` order.

    aws-v3's models for camelCase services (CodeBuild, CodeDeploy, CodePipeline, ECR, ECS, EKS) keep only their
    own fields and leave out a key AWS did not return (exclude_unset); nested values keep AWS's keys.
    """
    return {pascal_name(f): item[f] for f in fields if f in item}


def pick_fields(item: RawItem, fields: Iterable[str]) -> Properties:
    """The `fields` the item has, under their own names, in `fields` order (the keys an aws-v3 model keeps)."""
    return {f: item[f] for f in fields if f in item}


_TRUE = {"true", "1", "yes", "on", "t", "y"}
_FALSE = {"false", "0", "no", "off", "f", "n"}


def typed(value: Any, kind: type) -> Any:
    """An attribute string (SQS, SNS answer every attribute as one) as the number or boolean aws-v3's model makes of
    it; unparseable values are kept as they are."""
    if kind is int and isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return value
    if kind is bool and isinstance(value, str):
        lowered = value.strip().lower()
        return True if lowered in _TRUE else False if lowered in _FALSE else value
    return value


def typed_attributes(attributes: dict[str, str] | None, types: dict[str, type]) -> Properties:
    """The attributes aws-v3 models (`types`: name -> JSON type), each `typed`; the others dropped."""
    return {key: typed(value, types[key]) for key, value in (attributes or {}).items() if key in types}
