"""AWS::IAM::Role: global; ListRoles pages. ListRoles returns no tags (nor RoleLastUsed), so tags are the
`ListRoleTagsAction` includeAction (one call per role, off by default)."""

from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError

from port_aws_pipeline.kinds.base import ClientProvider, Properties, RawItem, ReadContext, ResourceKind, paginate

#: Where each partition's global services (IAM, Route 53, CloudFront) answer, and where their items belong.
HOME_REGIONS = {"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}
#: A per-item enrichment failing with one of these leaves that field null instead of failing the kind.
SKIPPABLE = {"AccessDenied", "AccessDeniedException", "NoSuchEntity", "NoSuchEntityException", "NoSuchResource"}
LIST_ROLE_TAGS = "ListRoleTagsAction"


def home_region(partition: str) -> str:
    return HOME_REGIONS.get(partition, "us-east-1")


def region_of_arn(arn: str | None) -> str:
    """A global resource's region: its partition's home region (us-east-1 in `aws`)."""
    parts = (arn or "").split(":")
    return home_region(parts[1] if len(parts) > 1 else "aws")


def error_code(exc: ClientError) -> str:
    return exc.response.get("Error", {}).get("Code", "")


def role_tags(iam, name: str) -> list[dict] | None:
    try:
        return paginate(iam, "list_role_tags", "Tags", RoleName=name)
    except ClientError as exc:
        if error_code(exc) in SKIPPABLE:
            return None
        raise


def fetch_roles(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    iam = clients.client("iam", home_region(ctx.partition))
    roles = paginate(iam, "list_roles", "Roles")
    if LIST_ROLE_TAGS not in ctx.actions or not roles:
        return roles
    with ThreadPoolExecutor(max_workers=8) as pool:
        tags = list(pool.map(lambda r: role_tags(iam, r["RoleName"]), roles))
    return [{**r, "Tags": t} for r, t in zip(roles, tags, strict=True)]


def shape_role(item: RawItem, ctx: ReadContext) -> Properties:
    """ListRoles' item as is (botocore already decodes AssumeRolePolicyDocument); `Tags` only when read."""
    return dict(item)


KIND = ResourceKind(
    "AWS::IAM::Role",
    "iam",
    fetch_roles,
    shape_role,
    iam_actions=("iam:ListRoles",),
    optional_actions={LIST_ROLE_TAGS: ("iam:ListRoleTags",)},
    default_actions=(),
    is_global=True,
    region_of=lambda item: region_of_arn(item.get("Arn")),
)
