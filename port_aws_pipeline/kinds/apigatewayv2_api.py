"""AWS::ApiGatewayV2::Api (HTTP and WebSocket APIs): GetApis pages, tags included.

The wire answer is camelCase; botocore already names the fields in PascalCase, and
`pascal_case` makes either form the same Properties.
"""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import pascal_case

TAG_KEYS = ("Tags", "tags")

IAM_ACTIONS = ("apigateway:GET",)


def fetch_apis(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    return paginate(clients.client("apigatewayv2", ctx.region), "get_apis", "Items")


def shape_api(item: RawItem, ctx: ReadContext) -> Properties:
    """PascalCase keys; `Tags` stays the `{key: value}` map AWS returns, the user's own keys untouched."""
    props = pascal_case({k: v for k, v in item.items() if k not in TAG_KEYS})
    props["Arn"] = f"arn:{ctx.partition}:apigateway:{ctx.region}::/apis/{props['ApiId']}"
    props["Tags"] = item.get("Tags") or item.get("tags") or {}
    return props


KIND = ResourceKind("AWS::ApiGatewayV2::Api", "apigatewayv2", fetch_apis, shape_api, IAM_ACTIONS)
