"""AWS::KMS::Key: ListKeys pages, then DescribeKey per key (no batch describe exists) on a small thread pool.

AWS-managed keys are included (`KeyManager: AWS`). Includes actions: `ListAliasesAction` (on by default; one
paginated call per region, aliases grouped by key) and `GetKeyRotationStatusAction` (off by default; one call per
key). Tags come from one tagging-API listing (AWS-managed keys carry none).

A key whose policy denies the reader (or that vanished after the listing) keeps the listing's `KeyId` / `Arn`
and no metadata instead of failing the kind. Properties: DescribeKey's `KeyMetadata` (AWS's PascalCase keys),
plus `Aliases` [AliasListEntry], the GetKeyRotationStatus fields, and `Tags` [{Key, Value}].
"""

from port_aws_pipeline.kinds.base import DENIED
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import item_call
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import per_item
from port_aws_pipeline.kinds.base import with_region_tags
from port_aws_pipeline.kinds.base import without_metadata

ALIASES = "ListAliasesAction"
ROTATION = "GetKeyRotationStatusAction"
#: KMS quotas are shared with the account's own crypto calls: keep the per-key calls modest.
WORKERS = 4
DENIED_OR_GONE = DENIED | {"NotFoundException"}
#: Keys pending deletion / import, asymmetric and HMAC keys, custom key stores: no rotation status to give.
NO_ROTATION = DENIED_OR_GONE | {"KMSInvalidStateException", "UnsupportedOperationException"}

IAM_ACTIONS = ("kms:ListKeys", "kms:DescribeKey", "tag:GetResources")
OPTIONAL_ACTIONS = {ALIASES: ("kms:ListAliases",), ROTATION: ("kms:GetKeyRotationStatus",)}


def _key_item(kms, listed: dict, actions: frozenset[str]) -> RawItem:
    item: RawItem = dict(listed)
    described = item_call(lambda: kms.describe_key(KeyId=listed["KeyArn"]), DENIED_OR_GONE)
    item["KeyMetadata"] = described["KeyMetadata"] if described else None
    if ROTATION in actions:
        rotation = item_call(lambda: kms.get_key_rotation_status(KeyId=listed["KeyArn"]), NO_ROTATION)
        item["KeyRotation"] = None if rotation is None else without_metadata(rotation)
    return item


def fetch_keys(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    kms = clients.client("kms", ctx.region)
    listed = paginate(kms, "list_keys", "Keys")
    if not listed:
        return []
    # Each per-key call tolerates its own codes: a key always keeps the listing's KeyId and Arn.
    keys = per_item(lambda k: _key_item(kms, k, ctx.actions), listed, workers=WORKERS, tolerated=())
    if ALIASES in ctx.actions:
        by_key: dict[str, list[dict]] = {}
        for alias in paginate(kms, "list_aliases", "Aliases"):
            if alias.get("TargetKeyId"):
                by_key.setdefault(alias["TargetKeyId"], []).append(alias)
        for key in keys:
            key["Aliases"] = by_key.get(key["KeyId"], [])
    return with_region_tags(clients, ctx.region, "kms:key", keys, "KeyArn")


def shape_key(item: RawItem, ctx: ReadContext) -> Properties:
    props: Properties = {"KeyId": item["KeyId"], "Arn": item["KeyArn"], **(item.get("KeyMetadata") or {})}
    if "Aliases" in item:
        props["Aliases"] = item["Aliases"]
    if "KeyRotation" in item:
        rotation = {k: v for k, v in (item["KeyRotation"] or {}).items() if k != "KeyId"}
        props["KeyRotationEnabled"] = rotation.pop("KeyRotationEnabled", None)
        props.update(rotation)
    props["Tags"] = item.get("Tags") or []
    return props


KIND = ResourceKind(
    "AWS::KMS::Key", "kms", fetch_keys, shape_key, IAM_ACTIONS, OPTIONAL_ACTIONS, default_actions=(ALIASES,)
)
