"""AWS::ApiGateway::RestApi: GetRestApis pages (tags included), camelCase keys as PascalCase."""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import pascal_case

IAM_ACTIONS = ("apigateway:GET",)


def fetch_rest_apis(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    return paginate(clients.client("apigateway", ctx.region), "get_rest_apis", "items")


def shape_rest_api(item: RawItem, ctx: ReadContext) -> Properties:
    """PascalCase keys; `Tags` stays API Gateway's `{key: value}` map with the user's own keys untouched."""
    props = pascal_case({k: v for k, v in item.items() if k != "tags"})
    props["Arn"] = f"arn:{ctx.partition}:apigateway:{ctx.region}::/restapis/{item['id']}"
    props["Tags"] = item.get("tags") or {}
    return props


KIND = ResourceKind("AWS::ApiGateway::RestApi", "apigateway", fetch_rest_apis, shape_rest_api, IAM_ACTIONS)
