"""AWS::SecretsManager::Secret: metadata only, from ListSecrets pages (tags included). Never reads a secret's value.

ListSecrets answers no secret material; `shape` still drops any value-bearing key so none can reach Port even if
a future answer (or a hand-made item) carried one. Properties: the SecretListEntry (AWS's PascalCase keys),
plus `Arn` and `Tags` [{Key, Value}].
"""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import paginate

#: GetSecretValue / BatchGetSecretValue fields; never part of what this kind emits.
SECRET_VALUE_KEYS = frozenset({"SecretString", "SecretBinary"})

IAM_ACTIONS = ("secretsmanager:ListSecrets",)


def fetch_secrets(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    return paginate(clients.client("secretsmanager", ctx.region), "list_secrets", "SecretList")


def shape_secret(item: RawItem, ctx: ReadContext) -> Properties:
    props = {k: v for k, v in item.items() if k not in SECRET_VALUE_KEYS}
    props["Arn"] = item["ARN"]
    props["Tags"] = item.get("Tags") or []
    return props


KIND = ResourceKind("AWS::SecretsManager::Secret", "secretsmanager", fetch_secrets, shape_secret, IAM_ACTIONS)
