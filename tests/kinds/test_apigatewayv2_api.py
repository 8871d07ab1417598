"""AWS::ApiGatewayV2::Api: recorded GetApis items, a moto read (HTTP and WebSocket), the default mapping."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import apigateway
from port_aws_pipeline.kinds.apigatewayv2_api import KIND
from port_aws_pipeline.kinds.base import ReadContext
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import load_fixture
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import moto_records

NAME = "apigatewayv2_api"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "test"}]


def test_fixture_shapes_get_apis_items():
    shaped = fixture_shapes(
        KIND,
        NAME,
        fields={
            "ApiId": str,
            "ApiEndpoint": str,
            "Name": str,
            "ProtocolType": str,
            "CreatedDate": str,
            "RouteSelectionExpression": str,
            "DisableExecuteApiEndpoint": bool,
            "Tags": dict,
        },
    )
    http, ws = shaped
    for item in shaped:
        assert item["Arn"] == f"arn:aws:apigateway:{REGION}::/apis/{item['ApiId']}"
    assert type(http["CorsConfiguration"]["MaxAge"]) is int and http["ApiGatewayManaged"] is False
    assert http["Tags"] == {"team": "checkout", "Env": "prod"} and ws["Tags"] == {}


def test_wire_camel_case_items_shape_the_same():
    ctx = ReadContext(ACCOUNT, REGION, "aws", (REGION,))
    item = load_fixture(NAME)["items"][0]
    wire = {k[0].lower() + k[1:]: v for k, v in item.items()}
    assert KIND.shape(wire, ctx)["CorsConfiguration"] == KIND.shape(item, ctx)["CorsConfiguration"]
    assert KIND.shape(wire, ctx) == KIND.shape(item, ctx)


def test_moto_reads_apis_with_tags(aws):
    apigateway.seed(SeedContext(account_session(ACCOUNT, REGION), ACCOUNT, REGION, "t", 2, TAGS))
    records = moto_records(KIND, region=REGION)
    assert sorted(r["Properties"]["Name"] for r in records) == ["t-http-0", "t-http-1"]
    for record in records:
        props = record["Properties"]
        assert record["__Region"] == REGION and record["__AccountId"] == ACCOUNT
        assert props["Arn"] == f"arn:aws:apigateway:{REGION}::/apis/{props['ApiId']}"
        assert props["ProtocolType"] == "HTTP" and props["Tags"] == {"team": "platform", "env": "test"}
        assert props["ApiEndpoint"].startswith("https://") and isinstance(props["CreatedDate"], str)


def test_default_mapping_identifies_apis_by_arn():
    entities = mapped_to_blueprint(KIND, NAME, "awsApiGatewayV2Api")
    http, ws = entities
    assert http.identifier == f"arn:aws:apigateway:{REGION}::/apis/h7j8k9l0m1" and http.title == "checkout"
    assert http.relations == {"account": ACCOUNT}
    assert http.properties["protocolType"] == "HTTP" and ws.properties["protocolType"] == "WEBSOCKET"
    assert http.properties["apiEndpoint"] == "https://h7j8k9l0m1.execute-api.eu-west-1.amazonaws.com"
    assert http.properties["tags"] == {"team": "checkout", "Env": "prod"} and ws.properties["tags"] == {}
    assert ws.properties["description"] is None and http.properties["region"] == REGION
