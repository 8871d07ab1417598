"""AWS::MSK::Cluster: recorded responses in aws-v3's shape, a read from moto, and the default mapping."""

from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.kinds.msk_cluster import KIND

from .helpers import ACCOUNT
from .helpers import assert_fits_blueprint
from .helpers import assert_relation_targets
from .helpers import assert_types
from .helpers import default_mapping
from .helpers import expected_records
from .helpers import fixture_shapes
from .helpers import fragment
from .helpers import load_fixture
from .helpers import map_records
from .helpers import moto_records

NAME = "msk_cluster"
TYPED = {
    "ClusterArn": str, "ClusterName": str, "State": str, "CreationTime": str, "CurrentVersion": str,
    "BrokerNodeGroupInfo": dict, "ClientAuthentication": dict, "EncryptionInfo": dict,
    "CurrentBrokerSoftwareInfo": dict, "LoggingInfo": dict, "OpenMonitoring": dict, "NumberOfBrokerNodes": int,
    "EnhancedMonitoring": str,
    "StorageMode": str, "ZookeeperConnectString": str, "ZookeeperConnectStringTls": str, "Tags": dict,
}  # fmt: skip
TARGETS = {"awsAccount": "organizations_account", "awsSubnet": "ec2_subnet", "awsSecurityGroup": "ec2_security_group"}
FRAGMENT = fragment(NAME)


def assert_typed(props: dict) -> None:
    assert_types(props, TYPED, closed=False, nullable=False)


def test_recorded_clusters_have_the_aws_v3_shape():
    shaped = fixture_shapes(KIND, NAME)
    assert shaped == load_fixture(NAME)["items"]  # aws-v3 keeps ListClusters' ClusterInfo whole
    (events,) = shaped
    assert_typed(events)
    assert events["Tags"] == {"team": "platform", "env": "prod"} and events["NumberOfBrokerNodes"] == 3
    assert events["CustomerActionStatus"] == "NONE"  # kept: aws-v3's model allows extra keys


def test_moto_read(aws):
    kafka = account_session(ACCOUNT).client("kafka")
    kafka.create_cluster(
        ClusterName="t-kafka-0",
        KafkaVersion="3.6.0",
        NumberOfBrokerNodes=2,
        BrokerNodeGroupInfo={
            "InstanceType": "kafka.m5.large",
            "ClientSubnets": ["subnet-1", "subnet-2"],
            "SecurityGroups": ["sg-1"],
        },
        Tags={"team": "platform"},
    )
    (record,) = moto_records(KIND)
    props = record["Properties"]
    assert_typed(props)
    assert props["ClusterName"] == "t-kafka-0" and props["ClusterArn"].startswith(
        f"arn:aws:kafka:us-east-1:{ACCOUNT}:cluster/"
    )
    assert props["State"] == "CREATING"  # moto's ListClusters gives only ARN, name, creation time and state


def test_default_mapping_relates_subnets_and_security_groups():
    records = expected_records(KIND, NAME, "eu-west-1")
    entities = map_records(KIND, records, default_mapping(NAME))
    (events,) = entities
    assert events.identifier == records[0]["Properties"]["ClusterArn"] and events.title == "events"
    assert events.blueprint == "awsMskCluster"
    assert events.relations == {
        "account": ACCOUNT,
        "subnets": ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829", "subnet-0c3d4e5f607182930"],
        "securityGroups": ["sg-0a1b2c3d4e5f60718"],
    }
    assert events.properties["kafkaVersion"] == "3.6.0" and events.properties["instanceType"] == "kafka.m5.large"
    assert events.properties["encryptionInTransit"] == "TLS" and events.properties["tags"] == {
        "team": "platform",
        "env": "prod",
    }
    blueprint = FRAGMENT["blueprints"][0]
    assert_relation_targets(blueprint, TARGETS)
    assert_fits_blueprint(events, blueprint)
