"""AWS::ECS::TaskDefinition: ListTaskDefinitions pages (ACTIVE), DescribeTaskDefinition per ARN with tags.

DescribeTaskDefinition takes one ARN per call (no batch describe exists). Items are
its answers, `{taskDefinition, tags}`. aws-v3's TaskDefinitionProperties: the camelCase
fields under PascalCase names, tags `[{key, value}]` as AWS gives them, others dropped.
"""

from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError

from port_aws_pipeline.kinds.base import ClientProvider, Properties, RawItem, ReadContext, ResourceKind, paginate

RECOVERABLE = {"AccessDenied", "AccessDeniedException", "ResourceNotFoundException", "NotFoundException"}
FIELDS = {
    name: name[:1].upper() + name[1:]
    for name in (
        "taskDefinitionArn",
        "family",
        "revision",
        "status",
        "containerDefinitions",
        "cpu",
        "memory",
        "networkMode",
        "requiresCompatibilities",
        "taskRoleArn",
        "executionRoleArn",
        "volumes",
        "placementConstraints",
        "registeredAt",
    )
}


def describe(ecs, arn: str) -> dict:
    """The describe answer; only the ARN (as aws-v3 keeps it) when this one cannot be read."""
    try:
        answer = ecs.describe_task_definition(taskDefinition=arn, include=["TAGS"])
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in RECOVERABLE:
            return {"taskDefinitionArn": arn}
        raise
    return {"taskDefinition": answer["taskDefinition"], "tags": answer.get("tags", [])}


def fetch_task_definitions(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    ecs = clients.client("ecs", ctx.region)
    arns = paginate(ecs, "list_task_definitions", "taskDefinitionArns", status="ACTIVE")
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda arn: describe(ecs, arn), arns))


def shape_task_definition(item: RawItem, ctx: ReadContext) -> Properties:
    definition = item.get("taskDefinition")
    if definition is None:
        return {"TaskDefinitionArn": item["taskDefinitionArn"]}
    props = {key: definition[field] for field, key in FIELDS.items() if field in definition}
    props["Tags"] = item.get("tags", [])
    return props


KIND = ResourceKind(
    "AWS::ECS::TaskDefinition",
    "ecs",
    fetch_task_definitions,
    shape_task_definition,
    iam_actions=("ecs:ListTaskDefinitions", "ecs:DescribeTaskDefinition"),
)
