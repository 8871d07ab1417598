"""API Gateway REST APIs and HTTP APIs (v2), tagged."""

NAME = "apigateway"


def seed(ctx) -> dict[str, int]:
    rest = ctx.session.client("apigateway")
    v2 = ctx.session.client("apigatewayv2")
    for i in range(ctx.count):
        rest.create_rest_api(
            name=f"{ctx.prefix}-rest-{i}",
            description="demo REST API",
            endpointConfiguration={"types": ["REGIONAL"]},
            tags=ctx.tag_map,
        )
        v2.create_api(Name=f"{ctx.prefix}-http-{i}", ProtocolType="HTTP", Description="demo HTTP API", Tags=ctx.tag_map)
    return {"AWS::ApiGateway::RestApi": ctx.count, "AWS::ApiGatewayV2::Api": ctx.count}
