"""AWS::Lambda::Function: ListFunctions pages; tags (an object) only with aws-v3's ListTagsAction,
read in one tagging-API listing instead of one ListTags call per function.

aws-v3's LambdaFunctionProperties keeps the fields of its model only (KMSKeyArn by
its AWS name); newer ListFunctions fields outside the model are dropped.
"""

from port_aws_pipeline.kinds.base import (
    ClientProvider,
    Properties,
    RawItem,
    ReadContext,
    ResourceKind,
    paginate,
    pick_fields,
    tag_map,
    with_region_tags,
)

TAGS_ACTION = "ListTagsAction"
FIELDS = (
    "Architectures",
    "CodeSha256",
    "CodeSize",
    "DeadLetterConfig",
    "Description",
    "Environment",
    "EphemeralStorage",
    "FileSystemConfigs",
    "FunctionArn",
    "FunctionName",
    "Handler",
    "ImageConfigResponse",
    "KMSKeyArn",
    "LastModified",
    "LastUpdateStatus",
    "LastUpdateStatusReason",
    "LastUpdateStatusReasonCode",
    "Layers",
    "LoggingConfig",
    "MasterArn",
    "MemorySize",
    "PackageType",
    "RevisionId",
    "Role",
    "Runtime",
    "RuntimeVersionConfig",
    "SigningJobArn",
    "SigningProfileVersionArn",
    "SnapStart",
    "State",
    "StateReason",
    "StateReasonCode",
    "Tags",
    "Timeout",
    "TracingConfig",
    "Version",
    "VpcConfig",
)


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


KIND = ResourceKind(
    "AWS::Lambda::Function",
    "lambda",
    fetch_functions,
    shape_function,
    iam_actions=("lambda:ListFunctions",),
    optional_actions={TAGS_ACTION: ("tag:GetResources",)},
)
