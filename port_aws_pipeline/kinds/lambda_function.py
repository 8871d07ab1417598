"""AWS::Lambda::Function: ListFunctions pages; tags (an object) only with aws-v3's ListTagsAction,
read in one tagging-API listing instead of one ListTags call per function.

aws-v3's LambdaFunctionProperties keeps the fields of its model only (KMSKeyArn by
its AWS name); newer ListFunctions fields outside the model are dropped.
"""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import pick_fields
from port_aws_pipeline.kinds.base import tag_map
from port_aws_pipeline.kinds.base import with_region_tags

TAGS_ACTION = "ListTagsAction"
FIELDS = (
    "Architectures", "CodeSha256", "CodeSize", "DeadLetterConfig", "Description", "Environment", "EphemeralStorage",
    "FileSystemConfigs", "FunctionArn", "FunctionName", "Handler", "ImageConfigResponse", "KMSKeyArn", "LastModified",
    "LastUpdateStatus", "LastUpdateStatusReason", "LastUpdateStatusReasonCode", "Layers", "LoggingConfig", "MasterArn",
    "MemorySize", "PackageType", "RevisionId", "Role", "Runtime", "RuntimeVersionConfig", "SigningJobArn",
    "SigningProfileVersionArn", "SnapStart", "State", "StateReason", "StateReasonCode", "Tags", "Timeout",
    "TracingConfig", "Version", "VpcConfig",
)  # fmt: skip

IAM_ACTIONS = ("lambda:ListFunctions",)
OPTIONAL_ACTIONS = {TAGS_ACTION: ("tag:GetResources",)}


def fetch_functions(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    functions = paginate(clients.client("lambda", ctx.region), "list_functions", "Functions")
    if TAGS_ACTION not in ctx.actions:
        return functions
    return with_region_tags(clients, ctx.region, "lambda:function", functions, "FunctionArn")


def shape_function(item: RawItem, ctx: ReadContext) -> Properties:
    props = pick_fields(item, FIELDS)
    if "Tags" in item:
        props["Tags"] = tag_map(item["Tags"])
    return props


KIND = ResourceKind("AWS::Lambda::Function", "lambda", fetch_functions, shape_function, IAM_ACTIONS, OPTIONAL_ACTIONS)
