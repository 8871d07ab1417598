"""AWS::CloudFormation::Stack: DescribeStacks pages give every live stack (nested ones included) with its tags.

Deleted stacks are not listed. Properties: the Stack as AWS answers it (PascalCase), plus `Arn` (the StackId)
and `Tags` [{Key, Value}]. `Parameters` are as DescribeStacks gives them (NoEcho values come back masked).
Stacks come parents first, so a nested stack's `parentStack` relation points at an entity written before it.
"""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import with_arn

IAM_ACTIONS = ("cloudformation:DescribeStacks",)


def nesting_depth(stack: dict, parents: dict[str, str]) -> int:
    depth, seen, parent = 0, set(), stack.get("ParentId")
    while parent and parent not in seen:
        seen.add(parent)
        depth, parent = depth + 1, parents.get(parent)
    return depth


def fetch_stacks(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    stacks = paginate(clients.client("cloudformation", ctx.region), "describe_stacks", "Stacks")
    parents = {s["StackId"]: s["ParentId"] for s in stacks if s.get("ParentId")}
    return sorted(stacks, key=lambda s: nesting_depth(s, parents))  # stable: AWS's order within a depth


KIND = ResourceKind("AWS::CloudFormation::Stack", "cloudformation", fetch_stacks, with_arn("StackId"), IAM_ACTIONS)
