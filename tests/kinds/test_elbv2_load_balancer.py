"""AWS::ElasticLoadBalancingV2::LoadBalancer: recorded items, DescribeTags batching, a moto read, the mapping."""

import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import elbv2
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.elbv2_load_balancer import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import OneClient
from tests.kinds.helpers import default_mapping
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import fragment
from tests.kinds.helpers import load_fixture
from tests.kinds.helpers import map_records
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import moto_clients
from tests.kinds.helpers import moto_records
from tests.kinds.helpers import stub_client

NAME = "elbv2_load_balancer"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "test"}]
LB_ARN = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/lb-{{}}/0123456789abcdef"


def stubbed_elbv2():
    return stub_client("elbv2", REGION)


def test_fixture_shapes_describe_load_balancers_items():
    shaped = fixture_shapes(
        KIND,
        NAME,
        fields={
            "LoadBalancerArn": str,
            "LoadBalancerName": str,
            "DNSName": str,
            "CanonicalHostedZoneId": str,
            "CreatedTime": str,
            "Scheme": str,
            "VpcId": str,
            "State": dict,
            "Type": str,
            "AvailabilityZones": list,
            "IpAddressType": str,
            "TargetGroupArns": list,
            "Tags": list,
        },
    )
    for lb in shaped:
        assert lb["Arn"] == lb["LoadBalancerArn"]
    alb, nlb = shaped
    assert alb["SecurityGroups"] == ["sg-0fedcba9876543210"] and "SecurityGroups" not in nlb
    assert len(alb["TargetGroupArns"]) == 2 and alb["Tags"][0] == {"Key": "team", "Value": "platform"}


def test_tags_are_read_20_arns_a_call_with_one_target_group_listing():
    elb = stubbed_elbv2()
    arns = [LB_ARN.format(i) for i in range(25)]
    tg = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/tg/0123456789abcdef"
    with Stubber(elb) as stub:
        stub.add_response("describe_load_balancers", {"LoadBalancers": [{"LoadBalancerArn": a} for a in arns]})
        stub.add_response(
            "describe_target_groups", {"TargetGroups": [{"TargetGroupArn": tg, "LoadBalancerArns": arns[:2]}]}
        )
        for batch in (arns[:20], arns[20:]):
            stub.add_response(
                "describe_tags",
                {"TagDescriptions": [{"ResourceArn": a, "Tags": [{"Key": "n", "Value": a[-20:]}]} for a in batch]},
                {"ResourceArns": batch},
            )
        items = KIND.fetch(OneClient(elb), ReadContext(ACCOUNT, REGION, "aws", (REGION,)))
        stub.assert_no_pending_responses()
    assert len(items) == 25 and all(i["Tags"] == [{"Key": "n", "Value": i["LoadBalancerArn"][-20:]}] for i in items)
    assert [i["TargetGroupArns"] for i in items[:3]] == [[tg], [tg], []]


def test_a_load_balancer_deleted_during_the_read_has_null_tags_and_other_errors_propagate():
    elb = stubbed_elbv2()
    arns = [LB_ARN.format(i) for i in range(2)]
    with Stubber(elb) as stub:
        stub.add_response("describe_load_balancers", {"LoadBalancers": [{"LoadBalancerArn": a} for a in arns]})
        stub.add_response("describe_target_groups", {"TargetGroups": []})
        stub.add_client_error("describe_tags", "LoadBalancerNotFound", http_status_code=400)
        stub.add_response("describe_tags", {"TagDescriptions": [{"ResourceArn": arns[0]}]}, {"ResourceArns": arns[:1]})
        stub.add_client_error(
            "describe_tags", "LoadBalancerNotFound", http_status_code=400, expected_params={"ResourceArns": arns[1:]}
        )
        items = KIND.fetch(OneClient(elb), ReadContext(ACCOUNT, REGION, "aws", (REGION,)))
    assert [i["Tags"] for i in items] == [[], None]
    with Stubber(elb) as stub:
        stub.add_response("describe_load_balancers", {"LoadBalancers": [{"LoadBalancerArn": arns[0]}]})
        stub.add_response("describe_target_groups", {"TargetGroups": []})
        stub.add_client_error("describe_tags", "AccessDenied", http_status_code=403)
        with pytest.raises(ClientError):
            KIND.fetch(OneClient(elb), ReadContext(ACCOUNT, REGION, "aws", (REGION,)))


def test_moto_reads_load_balancers_with_their_target_groups_and_tags(aws):
    session = account_session(ACCOUNT, REGION)
    elbv2.seed(SeedContext(session, ACCOUNT, REGION, "t", 2, TAGS))
    records = moto_records(KIND, region=REGION)
    assert len(records) == 2
    groups = {
        g["TargetGroupName"]: g["TargetGroupArn"]
        for g in session.client("elbv2").describe_target_groups()["TargetGroups"]
    }
    default_vpc = [v["VpcId"] for v in session.client("ec2").describe_vpcs()["Vpcs"] if v["IsDefault"]]
    for record in sorted(records, key=lambda r: r["Properties"]["LoadBalancerName"]):
        props = record["Properties"]
        index = props["LoadBalancerName"].rsplit("-", 1)[-1]
        assert props["Arn"] == props["LoadBalancerArn"] and props["Type"] == "application"
        assert props["TargetGroupArns"] == [groups[f"t-tg-{index}"]]
        assert props["Tags"] == TAGS and [props["VpcId"]] == default_vpc
        assert len(props["AvailabilityZones"]) == 2 and len(props["SecurityGroups"]) == 1
        assert isinstance(props["CreatedTime"], str) and record["__Region"] == REGION
    entities = map_records(KIND, records, default_mapping(NAME))
    assert all(len(e.relations["subnets"]) == 2 and len(e.relations["targetGroups"]) == 1 for e in entities)


def test_default_mapping_relates_vpc_subnets_security_groups_and_target_groups():
    fixture = load_fixture(NAME)
    entities = mapped_to_blueprint(KIND, NAME, "awsElbv2LoadBalancer")
    alb, nlb = entities
    assert alb.identifier == fixture["items"][0]["LoadBalancerArn"] and alb.title == "prod-web"
    assert alb.relations == {
        "vpc": "vpc-0123456789abcdef0",
        "subnets": ["subnet-0aa11bb22cc33dd44", "subnet-0123abcd4567ef890"],
        "securityGroups": ["sg-0fedcba9876543210"],
        "targetGroups": fixture["items"][0]["TargetGroupArns"],
        "account": ACCOUNT,
    }
    assert nlb.relations["securityGroups"] == [] and nlb.relations["subnets"] == ["subnet-0123abcd4567ef890"]
    assert alb.properties["state"] == "active" and alb.properties["availabilityZones"] == ["eu-west-1a", "eu-west-1b"]
    assert alb.properties["createdTime"] == "2024-03-11T09:21:44.520000+00:00"
    assert alb.properties["tags"] == {"team": "platform", "env": "prod"} and nlb.properties["tags"] == {}
    assert alb.properties["region"] == REGION


def test_moto_every_relation_of_a_load_balancer_resolves_to_an_entity_of_the_network_kinds(aws):
    from port_aws_pipeline.kinds import ec2_security_group
    from port_aws_pipeline.kinds import ec2_subnet
    from port_aws_pipeline.kinds import ec2_vpc
    from port_aws_pipeline.kinds import elbv2_target_group
    from port_aws_pipeline.reader import KindPlan
    from port_aws_pipeline.reader import read_kind

    elbv2.seed(SeedContext(account_session(ACCOUNT, REGION), ACCOUNT, REGION, "t", 1, TAGS))
    clients = moto_clients(ACCOUNT, REGION)  # one session for every kind: botocore loads the EC2 model once

    def entities_of(kind, name: str) -> tuple[str, list]:
        ctx = ReadContext(ACCOUNT, REGION, "aws", (REGION,))
        read = read_kind(KindPlan(kind, frozenset(), lambda r: True), clients, ctx, "test-role")
        assert read.error is None, read.error
        entities = map_records(kind, read.records, default_mapping(name))
        assert entities
        return fragment(name)["blueprints"][0]["identifier"], entities

    identifiers: dict[str, set[str]] = {}
    for module in (ec2_vpc, ec2_subnet, ec2_security_group, elbv2_target_group):
        blueprint, entities = entities_of(module.KIND, module.__name__.rsplit(".", 1)[-1])
        identifiers[blueprint] = {e.identifier for e in entities}
    _, [balancer] = entities_of(KIND, NAME)
    relations = fragment(NAME)["blueprints"][0]["relations"]
    for name, value in balancer.relations.items():
        if name == "account":
            continue
        values = value if isinstance(value, list) else [value]
        assert values and set(values) <= identifiers[relations[name]["target"]], name
