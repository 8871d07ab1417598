"""AWS::AutoScaling::AutoScalingGroup: recorded DescribeAutoScalingGroups items, a moto read, the mapping to subnets."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import autoscaling
from port_aws_pipeline.devtools.seeding import efs
from port_aws_pipeline.kinds.autoscaling_group import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import assert_fields
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import moto_records

NAME = "autoscaling_group"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}]


def test_fixture_shapes_auto_scaling_groups():
    shaped = fixture_shapes(KIND, NAME)
    web, batch = shaped
    assert_fields(
        web,
        {
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
        },
    )
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
    entities = mapped_to_blueprint(KIND, NAME, "awsAutoScalingGroup")
    web, batch = entities
    assert (
        web.identifier.startswith(f"arn:aws:autoscaling:{REGION}:{ACCOUNT}:autoScalingGroup:")
        and web.title == "web-prod"
    )
    assert web.relations == {"account": ACCOUNT, "subnets": ["subnet-0aaa1111bbbb2222c", "subnet-0ddd3333eeee4444f"]}
    assert batch.relations == {"account": ACCOUNT, "subnets": ["subnet-0ggg5555hhhh6666i"]}
    assert web.properties["instanceCount"] == 3 and web.properties["launchTemplate"] == "web"
    assert batch.properties["launchTemplate"] == "batch" and batch.properties["instanceCount"] == 0
    assert web.properties["tags"] == {"team": "web", "Name": "web-prod"} and batch.properties["tags"] == {}
