"""AWS::RDS::DBInstance: recorded responses in aws-v3's shape, a read from moto, and the default mapping."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import seeders
from port_aws_pipeline.kinds.rds_db_instance import KIND

from .helpers import ACCOUNT
from .helpers import assert_fits_blueprint
from .helpers import assert_relation_targets
from .helpers import assert_types
from .helpers import default_mapping
from .helpers import fixture_shapes
from .helpers import fragment
from .helpers import load_fixture
from .helpers import mapped_expected
from .helpers import moto_records

NAME = "rds_db_instance"
#: aws-v3's output keys (its model drops every other DescribeDBInstances key) with their JSON types.
AWS_V3_TYPES = {
    "AllocatedStorage": int, "AutoMinorVersionUpgrade": bool, "AvailabilityZone": str, "BackupRetentionPeriod": int,
    "CACertificateIdentifier": str, "CharacterSetName": str, "CopyTagsToSnapshot": bool, "DBInstanceArn": str,
    "DBInstanceClass": str, "DBInstanceIdentifier": str, "Port": int, "DBInstanceStatus": str, "DBName": str,
    "DBParameterGroups": list, "DBSecurityGroups": list, "DBSubnetGroup": dict, "DbiResourceId": str,
    "DomainMemberships": list, "EnableIAMDatabaseAuthentication": bool, "EnablePerformanceInsights": bool,
    "Endpoint": dict, "Engine": str, "EngineVersion": str, "EnhancedMonitoringResourceArn": str,
    "InstanceCreateTime": str, "Iops": int, "KmsKeyId": str, "LatestRestorableTime": str, "LicenseModel": str,
    "MasterUsername": str, "MonitoringInterval": int, "MonitoringRoleArn": str, "MultiAZ": bool,
    "OptionGroupMemberships": list, "PendingModifiedValues": dict, "PreferredBackupWindow": str,
    "PreferredMaintenanceWindow": str, "PubliclyAccessible": bool, "ReadReplicaDBInstanceIdentifiers": list,
    "SecondaryAvailabilityZone": str, "StorageEncrypted": bool, "StorageType": str, "Tags": list,
    "VPCSecurityGroups": list, "DatabaseInsightsMode": str, "DeletionProtection": bool, "AssociatedRoles": list,
    "CustomerOwnedIpEnabled": bool, "ActivityStreamStatus": str, "BackupTarget": str, "NetworkType": str,
    "StorageThroughput": int, "CertificateDetails": dict, "DedicatedLogVolume": bool,
    "IsStorageConfigUpgradeAvailable": bool, "EngineLifecycleSupport": str,
}  # fmt: skip
ADDED = {"DBClusterIdentifier": str}  # ours, so an instance can be related to its cluster
TARGETS = {
    "awsAccount": "organizations_account",
    "awsRdsDbCluster": "rds_db_cluster",
    "awsVpc": "ec2_vpc",
    "awsSubnet": "ec2_subnet",
    "awsSecurityGroup": "ec2_security_group",
}
FRAGMENT = fragment(NAME)


def assert_typed(props: dict) -> None:
    assert_types(props, AWS_V3_TYPES | ADDED, nullable=False)


def test_recorded_instances_have_the_aws_v3_shape():
    fixture = load_fixture(NAME)
    shaped = fixture_shapes(KIND, NAME, each=assert_typed)
    billing, writer = shaped
    raw = fixture["items"][0]
    # aws-v3's output names for four DescribeDBInstances keys
    assert billing["Port"] == raw["DbInstancePort"] == 0
    assert billing["EnableIAMDatabaseAuthentication"] is True and billing["EnablePerformanceInsights"] is True
    assert billing["VPCSecurityGroups"] == raw["VpcSecurityGroups"]
    for dropped in (
        "DbInstancePort",
        "VpcSecurityGroups",
        "TagList",
        "MaxAllocatedStorage",
        "EnabledCloudwatchLogsExports",
    ):
        assert dropped not in billing
    assert billing["Tags"] == raw["TagList"] and billing["InstanceCreateTime"] == "2023-05-02T14:21:09.871000+00:00"
    assert "DBClusterIdentifier" not in billing and writer["DBClusterIdentifier"] == "orders-aurora"
    assert writer["Tags"] == []


def test_tags_only_with_their_include_action_and_without_a_call():
    item = load_fixture(NAME)["items"][0]
    ctx = type("Ctx", (), {"actions": frozenset()})()
    assert "Tags" not in KIND.shape(item, ctx)
    assert KIND.optional_actions == {"ListTagsForResourceAction": ()} and KIND.actions_for(None) == frozenset()


def test_moto_read(aws):
    ctx = SeedContext(account_session(ACCOUNT), ACCOUNT, "us-east-1", "t", 1, [{"Key": "team", "Value": "platform"}])
    assert seeders()["rds"].seed(ctx) == {"AWS::RDS::DBCluster": 1, "AWS::RDS::DBInstance": 2}
    records = {
        r["Properties"]["DBInstanceIdentifier"]: r for r in moto_records(KIND, actions=["ListTagsForResourceAction"])
    }
    assert set(records) == {"t-aurora-0-writer", "t-postgres-0"}
    for record in records.values():
        props = record["Properties"]
        assert_typed(props)
        assert props["Tags"] == [{"Key": "team", "Value": "platform"}]
        assert props["DBSubnetGroup"]["VpcId"].startswith("vpc-") and props["DBSubnetGroup"]["Subnets"]
        assert props["VPCSecurityGroups"][0]["VpcSecurityGroupId"].startswith("sg-")
    assert records["t-aurora-0-writer"]["Properties"]["DBClusterIdentifier"] == "t-aurora-0"
    assert (
        records["t-postgres-0"]["Properties"]["Port"] == 5432
        and records["t-postgres-0"]["Properties"]["Engine"] == "postgres"
    )
    assert all("Tags" not in r["Properties"] for r in moto_records(KIND))


def test_default_mapping_relates_cluster_network_and_account():
    mapping = default_mapping(NAME)
    assert mapping.selectors_for(KIND.kind)[0].include_actions == ["ListTagsForResourceAction"]
    entities = mapped_expected(KIND, NAME, "eu-west-1", mapping)
    billing, writer = entities
    assert (
        billing.identifier == f"arn:aws:rds:eu-west-1:{ACCOUNT}:db:billing-postgres"
        and billing.title == "billing-postgres"
    )
    assert billing.blueprint == "awsRdsDbInstance"
    subnets = ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829", "subnet-0c3d4e5f607182930"]
    assert billing.relations == {
        "account": ACCOUNT,
        "cluster": None,
        "vpc": "vpc-0123456789abcdef0",
        "subnets": subnets,
        "securityGroups": ["sg-0fedcba9876543210"],
    }
    assert writer.relations["cluster"] == f"arn:aws:rds:eu-west-1:{ACCOUNT}:cluster:orders-aurora"
    assert billing.properties["port"] == 5432 and billing.properties["multiAZ"] is True
    assert billing.properties["endpoint"] == "billing-postgres.c9akciq32.eu-west-1.rds.amazonaws.com"
    assert billing.properties["tags"] == {"team": "platform", "env": "prod"} and writer.properties["tags"] == {}
    blueprint = FRAGMENT["blueprints"][0]
    assert_relation_targets(blueprint, TARGETS)
    for entity in entities:
        assert_fits_blueprint(entity, blueprint)
