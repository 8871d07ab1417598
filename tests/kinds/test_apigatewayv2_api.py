"""AWS::ApiGatewayV2::Api: recorded GetApis items, a moto read (HTTP and WebSocket), the default mapping."""

import re
from importlib import resources

import yaml

from port_aws_pipeline.devtools.seeding import SeedContext, account_session, apigateway
from port_aws_pipeline.kinds.apigatewayv2_api import KIND
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY, Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record
from tests.kinds.helpers import ACCOUNT, fixture_context, load_fixture, moto_records, shape_fixture

NAME = "apigatewayv2_api"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "test"}]
IDENTIFIER = re.compile(r"^[A-Za-z0-9@_.+:\/=-]+$")
JSON_TYPES = {"string": str, "number": (int, float), "boolean": bool, "object": dict, "array": list}


def fragment() -> dict:
    return yaml.safe_load(resources.files("port_aws_pipeline.defaults").joinpath("kinds", f"{NAME}.yml").read_text())


def assert_fits_blueprint(entity, blueprint: dict) -> None:
    schema = blueprint["schema"]["properties"]
    for key, value in entity.properties.items():
        if key == SCOPE_PROPERTY or value is None:
            continue
        expected = JSON_TYPES[schema[key]["type"]]
        assert isinstance(value, expected) and not (expected is not bool and isinstance(value, bool)), (key, value)
    assert set(entity.relations) <= set(blueprint["relations"])
    assert IDENTIFIER.match(entity.identifier), entity.identifier


def test_fixture_shapes_get_apis_items():
    fixture = load_fixture(NAME)
    shaped = shape_fixture(KIND, NAME)
    assert shaped == fixture["expected"]
    http, ws = shaped
    for item in shaped:
        for key, kind in {
            "ApiId": str,
            "ApiEndpoint": str,
            "Name": str,
            "ProtocolType": str,
            "CreatedDate": str,
            "RouteSelectionExpression": str,
            "DisableExecuteApiEndpoint": bool,
            "Tags": dict,
        }.items():
            assert isinstance(item[key], kind), key
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
    fixture = load_fixture(NAME)
    ctx = fixture_context(fixture, KIND)
    frag = fragment()
    mapping = Mapping(PortAppConfig.model_validate({"resources": frag["resources"]}))
    records = [to_record(KIND.kind, KIND.shape(item, ctx), ctx.account_id, ctx.region) for item in fixture["items"]]
    entities, errors = mapping.map_records(KIND.kind, records, "scope")
    assert errors == []
    http, ws = entities
    assert http.identifier == f"arn:aws:apigateway:{REGION}::/apis/h7j8k9l0m1" and http.title == "checkout"
    assert http.blueprint == "awsApiGatewayV2Api" and http.relations == {"account": ACCOUNT}
    assert http.properties["protocolType"] == "HTTP" and ws.properties["protocolType"] == "WEBSOCKET"
    assert http.properties["apiEndpoint"] == "https://h7j8k9l0m1.execute-api.eu-west-1.amazonaws.com"
    assert http.properties["tags"] == {"team": "checkout", "Env": "prod"} and ws.properties["tags"] == {}
    assert ws.properties["description"] is None and http.properties["region"] == REGION
    for entity in entities:
        assert_fits_blueprint(entity, frag["blueprints"][0])
