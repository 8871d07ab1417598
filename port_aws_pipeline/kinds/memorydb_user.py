"""AWS::MemoryDB::User in aws-v3's shape.

DescribeUsers pages, only in the regions where MemoryDB exists (botocore's endpoint data; elsewhere the read is
complete and empty, as aws-v3 skips them). The `ListTagsForMemoryDbUserAction` includeAction adds `TagList`
`[{Key, Value}]` with one ListTags per user (a user denied or gone meanwhile has no `TagList`). aws-v3 keeps every
key AWS returns, so Properties are the user as AWS answers it.
"""

from port_aws_pipeline.kinds.base import DENIED
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import as_returned
from port_aws_pipeline.kinds.base import merge_each
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import per_item
from port_aws_pipeline.kinds.base import service_regions

TAGS = "ListTagsForMemoryDbUserAction"
SKIPPABLE = DENIED | {"UserNotFoundFault", "InvalidARNFault", "ResourceNotFoundException"}

IAM_ACTIONS = ("memorydb:DescribeUsers",)
OPTIONAL_ACTIONS = {TAGS: ("memorydb:ListTags",)}


def _tags(memorydb, user: dict) -> list[dict]:
    return memorydb.list_tags(ResourceArn=user["ARN"]).get("TagList", [])


def fetch_users(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    if ctx.region not in service_regions("memorydb", ctx.partition):
        return []
    memorydb = clients.client("memorydb", ctx.region)
    users = paginate(memorydb, "describe_users", "Users")
    if TAGS not in ctx.actions:
        return users
    tag_lists = per_item(lambda user: {"TagList": _tags(memorydb, user)}, users, tolerated=SKIPPABLE)
    return merge_each(users, tag_lists)


KIND = ResourceKind("AWS::MemoryDB::User", "memorydb", fetch_users, as_returned, IAM_ACTIONS, OPTIONAL_ACTIONS)
