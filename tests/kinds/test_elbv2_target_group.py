"""AWS::ElasticLoadBalancingV2::TargetGroup: recorded items, a moto read, the default mapping."""

import re
from importlib import resources

import yaml

from port_aws_pipeline.devtools.seeding import SeedContext, account_session, elbv2
from port_aws_pipeline.kinds.elbv2_target_group import KIND
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY, Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record
from tests.kinds.helpers import ACCOUNT, fixture_context, load_fixture, moto_records, shape_fixture

NAME = "elbv2_target_group"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}]
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


def test_fixture_shapes_describe_target_groups_items():
    fixture = load_fixture(NAME)
    shaped = shape_fixture(KIND, NAME)
    assert shaped == fixture["expected"]
    web, lam = shaped
    for key, kind in {
        "TargetGroupArn": str,
        "TargetGroupName": str,
        "Protocol": str,
        "VpcId": str,
        "HealthCheckPort": str,
        "HealthCheckEnabled": bool,
        "Matcher": dict,
        "LoadBalancerArns": list,
        "TargetType": str,
        "Tags": list,
    }.items():
        assert isinstance(web[key], kind), key
    for key in ("Port", "HealthCheckIntervalSeconds", "HealthCheckTimeoutSeconds", "HealthyThresholdCount"):
        assert type(web[key]) is int, key
    assert web["Arn"] == web["TargetGroupArn"] and lam["Arn"] == lam["TargetGroupArn"]
    assert "VpcId" not in lam and lam["TargetType"] == "lambda" and lam["Tags"] == []


def test_moto_reads_target_groups_with_their_load_balancers_and_tags(aws):
    session = account_session(ACCOUNT, REGION)
    elbv2.seed(SeedContext(session, ACCOUNT, REGION, "t", 2, TAGS))
    records = moto_records(KIND, region=REGION)
    assert sorted(r["Properties"]["TargetGroupName"] for r in records) == ["t-tg-0", "t-tg-1"]
    balancers = {
        b["LoadBalancerName"]: b["LoadBalancerArn"]
        for b in session.client("elbv2").describe_load_balancers()["LoadBalancers"]
    }
    for record in records:
        props = record["Properties"]
        assert props["Arn"] == props["TargetGroupArn"] and props["Tags"] == TAGS and props["Port"] == 80
        assert props["LoadBalancerArns"] == [balancers[props["TargetGroupName"].replace("-tg-", "-lb-")]]
        assert record["__Region"] == REGION and record["__AccountId"] == ACCOUNT


def test_default_mapping_identifies_target_groups_by_arn_and_relates_their_vpc():
    fixture = load_fixture(NAME)
    ctx = fixture_context(fixture, KIND)
    frag = fragment()
    mapping = Mapping(PortAppConfig.model_validate({"resources": frag["resources"]}))
    records = [to_record(KIND.kind, KIND.shape(item, ctx), ctx.account_id, ctx.region) for item in fixture["items"]]
    entities, errors = mapping.map_records(KIND.kind, records, "scope")
    assert errors == []
    web, lam = entities
    assert web.identifier == fixture["items"][0]["TargetGroupArn"] and web.title == "prod-web-blue"
    assert web.blueprint == "awsElbv2TargetGroup"
    assert web.relations == {"vpc": "vpc-0123456789abcdef0", "account": ACCOUNT}
    assert lam.relations == {"vpc": None, "account": ACCOUNT}
    assert web.properties["port"] == 8080 and web.properties["healthCheckEnabled"] is True
    assert web.properties["tags"] == {"team": "platform", "color": "blue"} and lam.properties["tags"] == {}
    assert web.properties["region"] == REGION
    for entity in entities:
        assert_fits_blueprint(entity, frag["blueprints"][0])
