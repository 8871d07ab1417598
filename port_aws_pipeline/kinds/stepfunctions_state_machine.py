"""AWS::StepFunctions::StateMachine: ListStateMachines pages, DescribeStateMachine per machine (an includeAction,
on by default: the list gives only name, type and date), tags for the whole region in one tagging-API listing.

No aws-v3 model exists: Properties are the list item merged with DescribeStateMachine's answer, camelCase keys
in PascalCase (`StateMachineArn`, `RoleArn`, `LoggingConfiguration.Level`, ...), plus `Arn` and `Tags` [{Key, Value}].
"""

from port_aws_pipeline.kinds.base import DENIED
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import described
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import pascal_case
from port_aws_pipeline.kinds.base import pascal_name
from port_aws_pipeline.kinds.base import with_region_tags
from port_aws_pipeline.kinds.base import without_metadata

DESCRIBE = "DescribeStateMachineAction"
#: One machine gone or denied between the list and its describe leaves its describe fields out, not the kind.
SKIPPABLE = DENIED | {"StateMachineDoesNotExist", "ResourceNotFound"}
#: Maps keyed by the user's own names (state names): their keys stay as AWS gives them.
VERBATIM = {"variableReferences"}

IAM_ACTIONS = ("states:ListStateMachines", "tag:GetResources")
OPTIONAL_ACTIONS = {DESCRIBE: ("states:DescribeStateMachine",)}


def _describe(sfn, machine: dict) -> dict:
    return without_metadata(sfn.describe_state_machine(stateMachineArn=machine["stateMachineArn"]))


def fetch_state_machines(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    sfn = clients.client("stepfunctions", ctx.region)
    machines = paginate(sfn, "list_state_machines", "stateMachines")
    machines = described(machines, ctx, DESCRIBE, lambda m: _describe(sfn, m), SKIPPABLE)
    return with_region_tags(clients, ctx.region, "states:stateMachine", machines, "stateMachineArn")


def shape_state_machine(item: RawItem, ctx: ReadContext) -> Properties:
    props = {pascal_name(k): v if k in VERBATIM else pascal_case(v) for k, v in item.items() if k != "Tags"}
    props["Arn"] = item["stateMachineArn"]
    props["Tags"] = item.get("Tags") or []
    return props


KIND = ResourceKind(
    "AWS::StepFunctions::StateMachine",
    "stepfunctions",
    fetch_state_machines,
    shape_state_machine,
    IAM_ACTIONS,
    OPTIONAL_ACTIONS,
    default_actions=(DESCRIBE,),
)
