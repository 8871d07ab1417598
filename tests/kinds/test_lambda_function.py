"""AWS::Lambda::Function: recorded ListFunctions items (ListTagsAction on), moto reads, the default mapping."""

from importlib import resources

import yaml

from port_aws_pipeline.devtools.seeding import SeedContext, account_session, awslambda
from port_aws_pipeline.kinds.lambda_function import KIND
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY, Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record
from tests.kinds.helpers import ACCOUNT, fixture_context, load_fixture, moto_records, shape_fixture

NAME = "lambda_function"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "test"}]
#: aws-v3's LambdaFunctionProperties, by alias (its dump's keys: KMSKeyArn is the alias of KmsKeyArn).
AWS_V3_TYPES = {
    "Architectures": list, "CodeSha256": str, "CodeSize": int, "DeadLetterConfig": dict, "Description": str,
    "Environment": dict, "EphemeralStorage": dict, "FileSystemConfigs": list, "FunctionArn": str, "FunctionName": str,
    "Handler": str, "ImageConfigResponse": dict, "KMSKeyArn": str, "LastModified": str, "LastUpdateStatus": str,
    "LastUpdateStatusReason": str, "LastUpdateStatusReasonCode": str, "Layers": list, "LoggingConfig": dict,
    "MasterArn": str, "MemorySize": int, "PackageType": str, "RevisionId": str, "Role": str, "Runtime": str,
    "RuntimeVersionConfig": dict, "SigningJobArn": str, "SigningProfileVersionArn": str, "SnapStart": dict,
    "State": str, "StateReason": str, "StateReasonCode": str, "Tags": dict, "Timeout": int, "TracingConfig": dict,
    "Version": str, "VpcConfig": dict,
}  # fmt: skip
JSON_TYPES = {"string": str, "number": (int, float), "boolean": bool, "object": dict, "array": list}


def fragment() -> dict:
    return yaml.safe_load(resources.files("port_aws_pipeline.defaults").joinpath("kinds", f"{NAME}.yml").read_text())


def mapped(fixture: dict) -> list:
    """The fixture's items as the reader records them, through the default fragment's mapping."""
    ctx = fixture_context(fixture, KIND)
    mapping = Mapping(PortAppConfig.model_validate({"resources": fragment()["resources"]}))
    records = [to_record(KIND.kind, KIND.shape(item, ctx), ctx.account_id, ctx.region) for item in fixture["items"]]
    entities, errors = mapping.map_records(KIND.kind, records, "scope")
    assert errors == []
    return entities


def assert_fits_blueprint(entity) -> None:
    blueprint = fragment()["blueprints"][0]
    assert entity.blueprint == blueprint["identifier"]
    schema = blueprint["schema"]["properties"]
    for key, value in entity.properties.items():
        if key == SCOPE_PROPERTY or value is None:
            continue
        expected = JSON_TYPES[schema[key]["type"]]
        assert isinstance(value, expected) and not (expected is not bool and isinstance(value, bool)), (key, value)
    assert set(entity.relations) <= set(blueprint["relations"])


def assert_aws_v3_types(props: dict) -> None:
    """Every aws-v3 model key the item fills has the model's JSON type; no key outside the model."""
    assert set(props) <= set(AWS_V3_TYPES), set(props) - set(AWS_V3_TYPES)
    for key, expected in AWS_V3_TYPES.items():
        if props.get(key) is not None:
            value = props[key]
            assert isinstance(value, expected) and not (expected is not bool and isinstance(value, bool)), (key, value)


def test_fixture_shapes_aws_v3_function_properties():
    fixture = load_fixture(NAME)
    shaped = shape_fixture(KIND, NAME)
    assert shaped == fixture["expected"]
    api, thumbs = shaped
    for function in shaped:
        assert_aws_v3_types(function)
    assert api["Tags"] == {"team": "orders", "env": "prod"}  # an object, as aws-v3 gives Lambda tags
    assert api["KMSKeyArn"].startswith("arn:aws:kms:") and api["MemorySize"] == 512 and api["Timeout"] == 30
    assert api["VpcConfig"]["SecurityGroupIds"] == ["sg-0lambda00000000006"]
    assert thumbs["Tags"] == {} and thumbs["PackageType"] == "Image" and "Runtime" not in thumbs


def test_moto_reads_functions_with_tags_only_when_asked(aws):
    session = account_session(ACCOUNT, REGION)
    awslambda.prepare(session, ACCOUNT)
    awslambda.seed(SeedContext(session, ACCOUNT, REGION, "t", 2, TAGS))
    records = moto_records(KIND, region=REGION, actions=["ListTagsAction"])
    assert sorted(r["Properties"]["FunctionName"] for r in records) == ["t-fn-0", "t-fn-1"]
    for record in records:
        props = record["Properties"]
        assert record["Type"] == "AWS::Lambda::Function" and record["__Region"] == REGION
        assert props["FunctionArn"] == f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{props['FunctionName']}"
        assert props["Tags"] == {"team": "platform", "env": "test"}
        assert props["Environment"] == {"Variables": {"STAGE": "t"}} and props["Runtime"] == "python3.12"
        assert_aws_v3_types(props)
    untagged = moto_records(KIND, region=REGION)
    assert len(untagged) == 2 and not any("Tags" in r["Properties"] for r in untagged)  # aws-v3 default: no tags


def test_default_mapping_relates_vpc_functions_to_network():
    api, thumbs = mapped(load_fixture(NAME))
    assert api.identifier == f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:orders-api" and api.title == "orders-api"
    assert api.relations == {
        "account": ACCOUNT,
        "vpc": "vpc-0123456789abcdef0",
        "subnets": ["subnet-0aaa1111bbbb2222c", "subnet-0bbb2222cccc3333d"],
        "securityGroups": ["sg-0lambda00000000006"],
    }
    assert thumbs.relations == {"account": ACCOUNT, "vpc": None, "subnets": [], "securityGroups": []}
    assert api.properties["tags"] == {"team": "orders", "env": "prod"} and thumbs.properties["tags"] == {}
    assert api.properties["memorySize"] == 512 and thumbs.properties["state"] == "Inactive"
    assert api.properties["architectures"] == ["arm64"] and api.properties["region"] == REGION
    assert fragment()["resources"][0]["selector"]["includeActions"] == ["ListTagsAction"]
    for entity in (api, thumbs):
        assert_fits_blueprint(entity)


def test_non_vpc_function_with_empty_vpc_config_relates_to_no_vpc():
    fixture = load_fixture(NAME)
    item = {**fixture["items"][1], "VpcConfig": {"SubnetIds": [], "SecurityGroupIds": [], "VpcId": ""}}
    (entity,) = mapped({**fixture, "items": [item]})
    assert entity.relations["vpc"] is None and entity.relations["subnets"] == []
