"""AWS::AutoScaling::AutoScalingGroup: recorded DescribeAutoScalingGroups items, a moto read, the mapping to subnets."""

from importlib import resources

import yaml

from port_aws_pipeline.devtools.seeding import SeedContext, account_session, autoscaling, efs
from port_aws_pipeline.kinds.autoscaling_group import KIND
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY, Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record
from tests.kinds.helpers import ACCOUNT, fixture_context, load_fixture, moto_records, shape_fixture

NAME = "autoscaling_group"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}]
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


def test_fixture_shapes_auto_scaling_groups():
    fixture = load_fixture(NAME)
    shaped = shape_fixture(KIND, NAME)
    assert shaped == fixture["expected"]
    web, batch = shaped
    for key, kind in {
        "AutoScalingGroupName": str,
        "AutoScalingGroupARN": str,
        "LaunchTemplate": dict,
        "MinSize": int,
        "MaxSize": int,
        "DesiredCapacity": int,
        "DefaultCooldown": int,
        "AvailabilityZones": list,
        "TargetGroupARNs": list,
        "HealthCheckType": str,
        "HealthCheckGracePeriod": int,
        "Instances": list,
        "CreatedTime": str,
        "VPCZoneIdentifier": str,
        "EnabledMetrics": list,
        "Tags": list,
        "TerminationPolicies": list,
        "NewInstancesProtectedFromScaleIn": bool,
        "CapacityRebalance": bool,
        "Arn": str,
    }.items():
        assert isinstance(web[key], kind), key
    assert web["Arn"] == web["AutoScalingGroupARN"] and len(web["Instances"]) == 3
    assert web["Tags"][0] == {
        "ResourceId": "web-prod",
        "ResourceType": "auto-scaling-group",
        "Key": "team",
        "Value": "web",
        "PropagateAtLaunch": True,
    }
    assert (
        batch["MixedInstancesPolicy"]["LaunchTemplate"]["LaunchTemplateSpecification"]["LaunchTemplateName"] == "batch"
    )
    assert batch["Tags"] == [] and "LaunchTemplate" not in batch


def test_permissions():
    assert KIND.iam_actions == ("autoscaling:DescribeAutoScalingGroups",) and KIND.optional_actions == {}


def test_moto_reads_seeded_groups(aws):
    session = account_session(ACCOUNT, REGION)
    assert autoscaling.seed(SeedContext(session, ACCOUNT, REGION, "t", 2, TAGS)) == {KIND.kind: 2}
    subnet_id, _ = efs.default_network(session)
    records = moto_records(KIND, region=REGION)
    assert sorted(r["Properties"]["AutoScalingGroupName"] for r in records) == ["t-asg-0", "t-asg-1"]
    group = records[0]["Properties"]
    assert group["Arn"] == group["AutoScalingGroupARN"] and group["Arn"].startswith(
        f"arn:aws:autoscaling:{REGION}:{ACCOUNT}:"
    )
    assert group["VPCZoneIdentifier"] == subnet_id and group["DesiredCapacity"] == 0 and group["Instances"] == []
    assert [(t["Key"], t["Value"], t["PropagateAtLaunch"]) for t in group["Tags"]] == [("team", "platform", True)]
    assert session.client("ec2").describe_instances()["Reservations"] == []  # seeding launched nothing


def test_default_mapping_relates_subnets():
    fixture = load_fixture(NAME)
    ctx = fixture_context(fixture, KIND)
    frag = fragment()
    mapping = Mapping(PortAppConfig.model_validate({"resources": frag["resources"]}))
    records = [to_record(KIND.kind, KIND.shape(item, ctx), ctx.account_id, ctx.region) for item in fixture["items"]]
    entities, errors = mapping.map_records(KIND.kind, records, "scope")
    assert errors == []
    web, batch = entities
    assert (
        web.identifier.startswith(f"arn:aws:autoscaling:{REGION}:{ACCOUNT}:autoScalingGroup:")
        and web.title == "web-prod"
    )
    assert web.blueprint == "awsAutoScalingGroup"
    assert web.relations == {"account": ACCOUNT, "subnets": ["subnet-0aaa1111bbbb2222c", "subnet-0ddd3333eeee4444f"]}
    assert batch.relations == {"account": ACCOUNT, "subnets": ["subnet-0ggg5555hhhh6666i"]}
    assert web.properties["instanceCount"] == 3 and web.properties["launchTemplate"] == "web"
    assert batch.properties["launchTemplate"] == "batch" and batch.properties["instanceCount"] == 0
    assert web.properties["tags"] == {"team": "web", "Name": "web-prod"} and batch.properties["tags"] == {}
    for entity in entities:
        assert_fits_blueprint(entity, frag["blueprints"][0])
