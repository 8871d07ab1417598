"""AWS::IAM::Role: global; ListRoles pages. ListRoles returns no tags (nor RoleLastUsed), so tags are the
`ListRoleTagsAction` includeAction (one call per role, off by default).

Properties: ListRoles' item as is (botocore already decodes AssumeRolePolicyDocument); `Tags` only when read.
"""

from port_aws_pipeline.kinds.base import (
    DENIED,
    ClientProvider,
    RawItem,
    ReadContext,
    ResourceKind,
    as_returned,
    home_region,
    paginate,
    per_item,
    region_of_arn,
    set_each,
)

#: A per-item enrichment failing with one of these leaves that field null instead of failing the kind (CloudFront's
#: tags too).
SKIPPABLE = DENIED | {"NoSuchEntity", "NoSuchEntityException", "NoSuchResource"}
LIST_ROLE_TAGS = "ListRoleTagsAction"


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
    iam_actions=("iam:ListRoles",),
    optional_actions={LIST_ROLE_TAGS: ("iam:ListRoleTags",)},
    default_actions=(),
    is_global=True,
    region_of=lambda item: region_of_arn(item.get("Arn")),
)
