"""AWS::Lambda::Function: recorded ListFunctions items (ListTagsAction on), moto reads, the default mapping."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import awslambda
from port_aws_pipeline.kinds.lambda_function import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import assert_fits_blueprint
from tests.kinds.helpers import assert_types
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import fragment
from tests.kinds.helpers import load_fixture
from tests.kinds.helpers import mapped
from tests.kinds.helpers import moto_records

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


def test_fixture_shapes_aws_v3_function_properties():
    shaped = fixture_shapes(KIND, NAME, types=AWS_V3_TYPES)
    api, thumbs = shaped
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
        assert_types(props, AWS_V3_TYPES)
    untagged = moto_records(KIND, region=REGION)
    assert len(untagged) == 2 and not any("Tags" in r["Properties"] for r in untagged)  # aws-v3 default: no tags


def test_default_mapping_relates_vpc_functions_to_network():
    api, thumbs = mapped(KIND, NAME)
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
    assert fragment(NAME)["resources"][0]["selector"]["includeActions"] == ["ListTagsAction"]
    for entity in (api, thumbs):
        assert_fits_blueprint(entity, fragment(NAME)["blueprints"][0])


def test_non_vpc_function_with_empty_vpc_config_relates_to_no_vpc():
    fixture = load_fixture(NAME)
    item = {**fixture["items"][1], "VpcConfig": {"SubnetIds": [], "SecurityGroupIds": [], "VpcId": ""}}
    (entity,) = mapped(KIND, NAME, {**fixture, "items": [item]})
    assert entity.relations["vpc"] is None and entity.relations["subnets"] == []
