"""AWS::ApiGateway::RestApi: recorded GetRestApis items (camelCase) as PascalCase, a moto read, the mapping."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import apigateway
from port_aws_pipeline.kinds.apigateway_rest_api import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import assert_fields
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import moto_records

NAME = "apigateway_rest_api"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "test"}]


def test_fixture_shapes_get_rest_apis_items_in_pascal_case_with_tags_untouched():
    shaped = fixture_shapes(KIND, NAME)
    public, private = shaped
    for item in shaped:
        assert all(key[0].isupper() for key in item), item.keys()
        assert_fields(
            item,
            {
                "Id": str,
                "Name": str,
                "CreatedDate": str,
                "ApiKeySource": str,
                "EndpointConfiguration": dict,
                "DisableExecuteApiEndpoint": bool,
                "RootResourceId": str,
                "Tags": dict,
            },
        )
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
    entities = mapped_to_blueprint(KIND, NAME, "awsApiGatewayRestApi")
    public, private = entities
    assert public.identifier == f"arn:aws:apigateway:{REGION}::/restapis/a1b2c3d4e5" and public.title == "orders-api"
    assert public.relations == {"account": ACCOUNT}
    assert public.properties["apiId"] == "a1b2c3d4e5" and public.properties["endpointTypes"] == ["REGIONAL"]
    assert (
        public.properties["tags"]["aws:cloudformation:stack-name"] == "orders-api" and private.properties["tags"] == {}
    )
    assert private.properties["disableExecuteApiEndpoint"] is True and private.properties["description"] is None
    assert public.properties["createdDate"] == "2023-09-04T12:30:00+00:00" and public.properties["region"] == REGION
