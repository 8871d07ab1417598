"""AWS::ApiGateway::RestApi: recorded GetRestApis items (camelCase) as PascalCase, a moto read, the mapping."""

import re
from importlib import resources

import yaml

from port_aws_pipeline.devtools.seeding import SeedContext, account_session, apigateway
from port_aws_pipeline.kinds.apigateway_rest_api import KIND
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY, Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record
from tests.kinds.helpers import ACCOUNT, fixture_context, load_fixture, moto_records, shape_fixture

NAME = "apigateway_rest_api"
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


def test_fixture_shapes_get_rest_apis_items_in_pascal_case_with_tags_untouched():
    fixture = load_fixture(NAME)
    shaped = shape_fixture(KIND, NAME)
    assert shaped == fixture["expected"]
    public, private = shaped
    for item in shaped:
        assert all(key[0].isupper() for key in item), item.keys()
        for key, kind in {
            "Id": str,
            "Name": str,
            "CreatedDate": str,
            "ApiKeySource": str,
            "EndpointConfiguration": dict,
            "DisableExecuteApiEndpoint": bool,
            "RootResourceId": str,
            "Tags": dict,
        }.items():
            assert isinstance(item[key], kind), key
        assert item["Arn"] == f"arn:aws:apigateway:{REGION}::/restapis/{item['Id']}"
    assert type(public["MinimumCompressionSize"]) is int and public["BinaryMediaTypes"][0] == "image/png"
    assert public["Tags"] == {"team": "orders", "aws:cloudformation:stack-name": "orders-api", "CostCenter": "42"}
    assert private["Tags"] == {} and private["EndpointConfiguration"]["VpcEndpointIds"] == ["vpce-0a1b2c3d4e5f67890"]


def test_moto_reads_rest_apis_with_tags(aws):
    apigateway.seed(SeedContext(account_session(ACCOUNT, REGION), ACCOUNT, REGION, "t", 2, TAGS))
    records = moto_records(KIND, region=REGION)
    assert sorted(r["Properties"]["Name"] for r in records) == ["t-rest-0", "t-rest-1"]
    for record in records:
        props = record["Properties"]
        assert all(key[0].isupper() for key in props) and record["__Region"] == REGION
        assert props["Arn"] == f"arn:aws:apigateway:{REGION}::/restapis/{props['Id']}"
        assert props["Tags"] == {"team": "platform", "env": "test"}
        assert props["EndpointConfiguration"] == {"Types": ["REGIONAL"]} and isinstance(props["CreatedDate"], str)


def test_default_mapping_identifies_rest_apis_by_arn():
    fixture = load_fixture(NAME)
    ctx = fixture_context(fixture, KIND)
    frag = fragment()
    mapping = Mapping(PortAppConfig.model_validate({"resources": frag["resources"]}))
    records = [to_record(KIND.kind, KIND.shape(item, ctx), ctx.account_id, ctx.region) for item in fixture["items"]]
    entities, errors = mapping.map_records(KIND.kind, records, "scope")
    assert errors == []
    public, private = entities
    assert public.identifier == f"arn:aws:apigateway:{REGION}::/restapis/a1b2c3d4e5" and public.title == "orders-api"
    assert public.blueprint == "awsApiGatewayRestApi" and public.relations == {"account": ACCOUNT}
    assert public.properties["apiId"] == "a1b2c3d4e5" and public.properties["endpointTypes"] == ["REGIONAL"]
    assert (
        public.properties["tags"]["aws:cloudformation:stack-name"] == "orders-api" and private.properties["tags"] == {}
    )
    assert private.properties["disableExecuteApiEndpoint"] is True and private.properties["description"] is None
    assert public.properties["createdDate"] == "2023-09-04T12:30:00+00:00" and public.properties["region"] == REGION
    for entity in entities:
        assert_fits_blueprint(entity, frag["blueprints"][0])
