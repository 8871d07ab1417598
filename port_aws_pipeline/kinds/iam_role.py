"""AWS::IAM::Role: global; ListRoles pages. ListRoles returns no tags (nor RoleLastUsed), so tags are the
`ListRoleTagsAction` includeAction (one call per role, off by default).

Properties: ListRoles' item as is (botocore already decodes AssumeRolePolicyDocument); `Tags` only when read.
"""

from port_aws_pipeline.kinds.base import DENIED
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import as_returned
from port_aws_pipeline.kinds.base import home_region
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import per_item
from port_aws_pipeline.kinds.base import region_of_arn
from port_aws_pipeline.kinds.base import set_each

#: A per-item enrichment failing with one of these leaves that field null instead of failing the kind (CloudFront's
#: tags too).
SKIPPABLE = DENIED | {"NoSuchEntity", "NoSuchEntityException", "NoSuchResource"}
LIST_ROLE_TAGS = "ListRoleTagsAction"

IAM_ACTIONS = ("iam:ListRoles",)
OPTIONAL_ACTIONS = {LIST_ROLE_TAGS: ("iam:ListRoleTags",)}


def fetch_roles(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    iam = clients.client("iam", home_region(ctx.partition))
    roles = paginate(iam, "list_roles", "Roles")
    if LIST_ROLE_TAGS not in ctx.actions:
        return roles
    tags = per_item(
        lambda r: paginate(iam, "list_role_tags", "Tags", RoleName=r["RoleName"]), roles, tolerated=SKIPPABLE
    )
    return set_each(roles, "Tags", tags)


KIND = ResourceKind(
    "AWS::IAM::Role",
    "iam",
    fetch_roles,
    as_returned,
    IAM_ACTIONS,
    OPTIONAL_ACTIONS,
    is_global=True,
    region_of=lambda item: region_of_arn(item.get("Arn")),
)
