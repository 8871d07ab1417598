"""AWS::StepFunctions::StateMachine: ListStateMachines pages, DescribeStateMachine per machine (an includeAction,
on by default: the list gives only name, type and date), tags for the whole region in one tagging-API listing.

No aws-v3 model exists: Properties are the list item merged with DescribeStateMachine's answer, camelCase keys
in PascalCase (`StateMachineArn`, `RoleArn`, `LoggingConfiguration.Level`, ...), plus `Arn` and `Tags` [{Key, Value}].
"""

from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError

from port_aws_pipeline.kinds.base import (
    ClientProvider,
    Properties,
    RawItem,
    ReadContext,
    ResourceKind,
    paginate,
    pascal_case,
    tags_by_arn,
)

DESCRIBE = "DescribeStateMachineAction"
#: One machine gone or denied between the list and its describe leaves its describe fields out, not the kind.
SKIPPABLE = {"StateMachineDoesNotExist", "ResourceNotFound", "AccessDenied", "AccessDeniedException"}
#: Maps keyed by the user's own names (state names): their keys stay as AWS gives them.
VERBATIM = {"variableReferences"}


def _describe(sfn, arn: str) -> dict | None:
    try:
        answer = sfn.describe_state_machine(stateMachineArn=arn)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in SKIPPABLE:
            return None
        raise
    answer.pop("ResponseMetadata", None)
    return answer


def fetch_state_machines(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    sfn = clients.client("stepfunctions", ctx.region)
    machines = paginate(sfn, "list_state_machines", "stateMachines")
    if not machines:
        return []
    if DESCRIBE in ctx.actions:
        with ThreadPoolExecutor(max_workers=8) as pool:
            described = list(pool.map(lambda m: _describe(sfn, m["stateMachineArn"]), machines))
        machines = [{**m, **(d or {})} for m, d in zip(machines, described, strict=True)]
    tags = tags_by_arn(clients, ctx.region, "states:stateMachine")
    return [{**m, "Tags": tags.get(m["stateMachineArn"], [])} for m in machines]


def shape_state_machine(item: RawItem, ctx: ReadContext) -> Properties:
    props = {k[:1].upper() + k[1:]: v if k in VERBATIM else pascal_case(v) for k, v in item.items() if k != "Tags"}
    props["Arn"] = item["stateMachineArn"]
    props["Tags"] = item.get("Tags") or []
    return props


KIND = ResourceKind(
    "AWS::StepFunctions::StateMachine",
    "stepfunctions",
    fetch_state_machines,
    shape_state_machine,
    iam_actions=("states:ListStateMachines", "tag:GetResources"),
    optional_actions={DESCRIBE: ("states:DescribeStateMachine",)},
    default_actions=(DESCRIBE,),
)
