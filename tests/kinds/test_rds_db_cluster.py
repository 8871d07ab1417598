"""AWS::RDS::DBCluster: recorded responses in aws-v3's shape, a read from moto, and the default mapping."""

from importlib import resources

import yaml

from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.kinds.rds_db_cluster import KIND
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY, Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record

from .helpers import ACCOUNT, load_fixture, moto_records, shape_fixture

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
JSON_TYPES = {"string": str, "number": (int, float), "boolean": bool, "object": dict, "array": list}
FRAGMENTS = resources.files("port_aws_pipeline.defaults").joinpath("kinds")
FRAGMENT = yaml.safe_load(FRAGMENTS.joinpath(f"{NAME}.yml").read_text())


def assert_typed(props: dict) -> None:
    for key, kind in TYPED.items():
        if key in props:
            assert type(props[key]) is kind, key
    assert "Tags" not in props  # aws-v3 sets no Tags: the tags are DescribeDBClusters' own TagList


def test_recorded_clusters_have_the_aws_v3_shape():
    fixture = load_fixture(NAME)
    shaped = shape_fixture(KIND, NAME)
    assert shaped == fixture["expected"] == fixture["items"]
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
    records = [to_record(KIND.kind, props, ACCOUNT, "eu-west-1") for props in load_fixture(NAME)["expected"]]
    mapping = Mapping(PortAppConfig.model_validate({"resources": FRAGMENT["resources"]}))
    entities, errors = mapping.map_records(KIND.kind, records, "scope")
    assert errors == []
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
    assert {r["target"] for r in blueprint["relations"].values()} <= set(TARGETS)
    for target, module in TARGETS.items():  # each target is defined by the fragment that owns it
        assert f"identifier: {target}\n" in (FRAGMENTS / f"{module}.yml").read_text()
    schema = blueprint["schema"]["properties"]
    for name, value in orders.properties.items():
        if name != SCOPE_PROPERTY and value is not None:
            assert isinstance(value, JSON_TYPES[schema[name]["type"]]), name
