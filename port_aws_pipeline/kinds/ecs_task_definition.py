"""AWS::ECS::TaskDefinition: ListTaskDefinitions pages (ACTIVE), DescribeTaskDefinition per ARN with tags.

DescribeTaskDefinition takes one ARN per call (no batch describe exists). Items are
its answers, `{taskDefinition, tags}`. aws-v3's TaskDefinitionProperties: the camelCase
fields under PascalCase names, tags `[{key, value}]` as AWS gives them, others dropped.
"""

from port_aws_pipeline.kinds.base import DENIED
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import pascal_fields
from port_aws_pipeline.kinds.base import per_item

RECOVERABLE = DENIED | {"ResourceNotFoundException", "NotFoundException"}
FIELDS = (
    "taskDefinitionArn", "family", "revision", "status", "containerDefinitions", "cpu", "memory", "networkMode",
    "requiresCompatibilities", "taskRoleArn", "executionRoleArn", "volumes", "placementConstraints", "registeredAt",
)  # fmt: skip

IAM_ACTIONS = ("ecs:ListTaskDefinitions", "ecs:DescribeTaskDefinition")


def describe(ecs, arn: str) -> dict:
    answer = ecs.describe_task_definition(taskDefinition=arn, include=["TAGS"])
    return {"taskDefinition": answer["taskDefinition"], "tags": answer.get("tags", [])}


def fetch_task_definitions(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    """The describe answers; only the ARN (as aws-v3 keeps it) of one that cannot be read."""
    ecs = clients.client("ecs", ctx.region)
    arns = paginate(ecs, "list_task_definitions", "taskDefinitionArns", status="ACTIVE")
    answers = per_item(lambda arn: describe(ecs, arn), arns, tolerated=RECOVERABLE)
    return [answer or {"taskDefinitionArn": arn} for arn, answer in zip(arns, answers, strict=True)]


def shape_task_definition(item: RawItem, ctx: ReadContext) -> Properties:
    definition = item.get("taskDefinition")
    if definition is None:
        return {"TaskDefinitionArn": item["taskDefinitionArn"]}
    props = pascal_fields(definition, FIELDS)
    props["Tags"] = item.get("tags", [])
    return props


KIND = ResourceKind("AWS::ECS::TaskDefinition", "ecs", fetch_task_definitions, shape_task_definition, IAM_ACTIONS)
