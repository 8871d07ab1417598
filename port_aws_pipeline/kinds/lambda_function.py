"""AWS::Lambda::Function: ListFunctions pages, tags from one tagging-API listing."""

from port_aws_pipeline.kinds.base import ClientProvider, Properties, RawItem, ReadContext, ResourceKind, paginate, tag_map, tags_by_arn


def fetch_functions(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    functions = paginate(clients.client("lambda", ctx.region), "list_functions", "Functions")
    if not functions:
        return []
    tags = tags_by_arn(clients, ctx.region, "lambda:function")
    return [{**f, "Tags": tags.get(f["FunctionArn"], [])} for f in functions]


def shape_function(item: RawItem, ctx: ReadContext) -> Properties:
    return {**item, "Arn": item["FunctionArn"], "Tags": tag_map(item.get("Tags"))}


KIND = ResourceKind("AWS::Lambda::Function", "lambda", fetch_functions, shape_function,
                    iam_actions=("lambda:ListFunctions", "tag:GetResources"))
