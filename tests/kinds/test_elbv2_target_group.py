"""AWS::ElasticLoadBalancingV2::TargetGroup: recorded items, a moto read, the default mapping."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import elbv2
from port_aws_pipeline.kinds.elbv2_target_group import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import assert_fields
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import load_fixture
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import moto_records

NAME = "elbv2_target_group"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}]


def test_fixture_shapes_describe_target_groups_items():
    shaped = fixture_shapes(KIND, NAME)
    web, lam = shaped
    assert_fields(
        web,
        {
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
        },
    )
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
    entities = mapped_to_blueprint(KIND, NAME, "awsElbv2TargetGroup")
    web, lam = entities
    assert web.identifier == fixture["items"][0]["TargetGroupArn"] and web.title == "prod-web-blue"
    assert web.relations == {"vpc": "vpc-0123456789abcdef0", "account": ACCOUNT}
    assert lam.relations == {"vpc": None, "account": ACCOUNT}
    assert web.properties["port"] == 8080 and web.properties["healthCheckEnabled"] is True
    assert web.properties["tags"] == {"team": "platform", "color": "blue"} and lam.properties["tags"] == {}
    assert web.properties["region"] == REGION
