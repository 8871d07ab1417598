"""AWS::MemoryDB::User in aws-v3's shape.

DescribeUsers pages, only in the regions where MemoryDB exists (botocore's endpoint data; elsewhere the read is
complete and empty, as aws-v3 skips them). The `ListTagsForMemoryDbUserAction` includeAction adds `TagList`
`[{Key, Value}]` with one ListTags per user (a user denied or gone meanwhile has no `TagList`). aws-v3 keeps every
key AWS returns, so Properties are the user as AWS answers it.
"""

from concurrent.futures import ThreadPoolExecutor
from functools import cache

import botocore.session
from botocore.exceptions import ClientError

from port_aws_pipeline.kinds.base import ClientProvider, Properties, RawItem, ReadContext, ResourceKind, paginate

TAGS = "ListTagsForMemoryDbUserAction"
SKIPPABLE = {
    "AccessDenied",
    "AccessDeniedException",
    "UserNotFoundFault",
    "InvalidARNFault",
    "ResourceNotFoundException",
}


@cache
def service_regions(service: str, partition: str) -> frozenset[str]:
    """Regions botocore's endpoint data lists for a service in a partition."""
    return frozenset(botocore.session.get_session().get_available_regions(service, partition_name=partition))


def _tags(memorydb, arn: str) -> list[dict] | None:
    try:
        return memorydb.list_tags(ResourceArn=arn).get("TagList", [])
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in SKIPPABLE:
            return None
        raise


def fetch_users(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    if ctx.region not in service_regions("memorydb", ctx.partition):
        return []
    memorydb = clients.client("memorydb", ctx.region)
    users = paginate(memorydb, "describe_users", "Users")
    if not users or TAGS not in ctx.actions:
        return users
    with ThreadPoolExecutor(max_workers=8) as pool:
        tags = list(pool.map(lambda user: _tags(memorydb, user["ARN"]), users))
    return [
        user if tag_list is None else {**user, "TagList": tag_list} for user, tag_list in zip(users, tags, strict=True)
    ]


def shape_user(item: RawItem, ctx: ReadContext) -> Properties:
    return dict(item)


KIND = ResourceKind(
    "AWS::MemoryDB::User",
    "memorydb",
    fetch_users,
    shape_user,
    iam_actions=("memorydb:DescribeUsers",),
    optional_actions={TAGS: ("memorydb:ListTags",)},
)
