"""AWS::RDS::DBCluster: recorded responses in aws-v3's shape, a read from moto, and the default mapping."""

from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.kinds.rds_db_cluster import KIND

from .helpers import ACCOUNT
from .helpers import assert_fits_blueprint
from .helpers import assert_relation_targets
from .helpers import assert_types
from .helpers import fixture_shapes
from .helpers import fragment
from .helpers import load_fixture
from .helpers import mapped_expected
from .helpers import moto_records

NAME = "rds_db_cluster"
#: aws-v3's modelled keys with their JSON types (its model also keeps every other key AWS returns).
TYPED = {
    "ActivityStreamStatus": str, "AssociatedRoles": list, "AutoMinorVersionUpgrade": bool, "AvailabilityZones": list,
    "BackupRetentionPeriod": int, "ClusterCreateTime": str, "CopyTagsToSnapshot": bool, "CrossAccountClone": bool,
    "DatabaseName": str, "DBClusterArn": str, "DBClusterIdentifier": str, "DBClusterMembers": list,
    "DbClusterResourceId": str, "DeletionProtection": bool, "EarliestRestorableTime": str, "Endpoint": str,
    "Engine": str, "EngineMode": str, "EngineVersion": str, "HttpEndpointEnabled": bool,
    "IAMDatabaseAuthenticationEnabled": bool, "KmsKeyId": str, "LatestRestorableTime": str, "MasterUsername": str,
    "MultiAZ": bool, "NetworkType": str, "Port": int, "PreferredBackupWindow": str, "PreferredMaintenanceWindow": str,
    "ReaderEndpoint": str, "Status": str, "StorageEncrypted": bool, "StorageType": str, "VpcSecurityGroups": list,
    "DBSubnetGroup": str, "TagList": list,
}  # fmt: skip
TARGETS = {"awsAccount": "organizations_account", "awsSecurityGroup": "ec2_security_group"}
FRAGMENT = fragment(NAME)


def assert_typed(props: dict) -> None:
    assert_types(props, TYPED, closed=False, nullable=False)
    assert "Tags" not in props  # aws-v3 sets no Tags: the tags are DescribeDBClusters' own TagList


def test_recorded_clusters_have_the_aws_v3_shape():
    shaped = fixture_shapes(KIND, NAME)
    assert shaped == load_fixture(NAME)["items"]
    (orders,) = shaped
    assert_typed(orders)
    assert orders["Port"] == 5432 and orders["DBSubnetGroup"] == "app-db"
    assert orders["TagList"] == [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "prod"}]
    assert orders["EnabledCloudwatchLogsExports"] == ["postgresql"]  # kept: aws-v3's model allows extra keys


def test_moto_read(aws):
    rds = account_session(ACCOUNT).client("rds")  # no seeder: it builds the default VPC too, slow on a fresh moto
    rds.create_db_cluster(
        DBClusterIdentifier="t-aurora-0",
        Engine="aurora-postgresql",
        MasterUsername="demo",
        MasterUserPassword="demo-password-1",
        Tags=[{"Key": "team", "Value": "platform"}],
    )
    rds.create_db_instance(
        DBInstanceIdentifier="t-aurora-0-writer",
        DBClusterIdentifier="t-aurora-0",
        Engine="aurora-postgresql",
        DBInstanceClass="db.r6g.large",
    )
    (record,) = moto_records(KIND, actions=["ListTagsForResourceAction"])
    props = record["Properties"]
    assert_typed(props)
    assert props["DBClusterArn"] == f"arn:aws:rds:us-east-1:{ACCOUNT}:cluster:t-aurora-0"
    assert props["DBClusterMembers"][0]["DBInstanceIdentifier"] == "t-aurora-0-writer"
    assert props["TagList"] == [{"Key": "team", "Value": "platform"}]
    (plain,) = moto_records(KIND)  # the includeAction changes nothing: TagList is DescribeDBClusters' own
    assert set(plain["Properties"]) == set(props) and plain["Properties"]["TagList"] == props["TagList"]


def test_default_mapping_makes_cluster_entities():
    entities = mapped_expected(KIND, NAME, "eu-west-1")
    (orders,) = entities
    # the identifier an instance's `cluster` relation points at
    assert (
        orders.identifier == f"arn:aws:rds:eu-west-1:{ACCOUNT}:cluster:orders-aurora"
        and orders.title == "orders-aurora"
    )
    assert orders.blueprint == "awsRdsDbCluster"
    assert orders.relations == {"account": ACCOUNT, "securityGroups": ["sg-0123456789abcdef0"]}
    assert orders.properties["members"] == ["orders-aurora-writer"] and orders.properties["port"] == 5432
    assert orders.properties["tags"] == {"team": "platform", "env": "prod"}
    blueprint = FRAGMENT["blueprints"][0]
    assert_relation_targets(blueprint, TARGETS)
    assert_fits_blueprint(orders, blueprint)
