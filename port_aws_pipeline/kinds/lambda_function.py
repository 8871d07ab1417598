"""AWS::Lambda::Function: ListFunctions pages, tags from one tagging-API listing."""

from port_aws_pipeline.kinds.base import Properties, ReadContext, ResourceKind, paginate, tags_by_arn


def read_functions(clients, ctx: ReadContext) -> list[Properties]:
    functions = paginate(clients.client("lambda", ctx.region), "list_functions", "Functions")
    if not functions:
        return []
    tags = tags_by_arn(clients, ctx.region, "lambda:function")
    return [{**f, "Arn": f["FunctionArn"], "Tags": tags.get(f["FunctionArn"], [])} for f in functions]


KIND = ResourceKind("AWS::Lambda::Function", "lambda", read_functions)
