"""AWS::MSK::ServerlessCluster: recorded responses in aws-v3's shape, a read from moto, and the default mapping."""

from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.kinds.msk_serverless_cluster import KIND

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

NAME = "msk_serverless_cluster"
#: aws-v3's keys: its model's fields are camelCase but aliased and dumped by alias, i.e. AWS's PascalCase.
TYPED = {
    "ActiveOperationArn": str, "ClusterArn": str, "ClusterName": str, "ClusterType": str, "CreationTime": str,
    "CurrentVersion": str, "State": str, "StateInfo": dict, "Tags": dict, "Serverless": dict,
}  # fmt: skip
TARGETS = {"awsAccount": "organizations_account", "awsSubnet": "ec2_subnet", "awsSecurityGroup": "ec2_security_group"}
FRAGMENT = fragment(NAME)


def assert_typed(props: dict) -> None:
    assert not any(key[0].islower() for key in props)
    assert_types(props, TYPED, closed=False, nullable=False)


def test_recorded_clusters_have_the_aws_v3_shape():
    shaped = fixture_shapes(KIND, NAME)
    assert shaped == load_fixture(NAME)["items"]
    (clickstream,) = shaped
    assert_typed(clickstream)
    assert clickstream["Tags"] == {"team": "platform", "env": "prod"} and clickstream["ClusterType"] == "SERVERLESS"


def test_moto_read_lists_serverless_clusters_only(aws):
    kafka = account_session(ACCOUNT).client("kafka")
    kafka.create_cluster_v2(
        ClusterName="t-serverless-0",
        Serverless={"VpcConfigs": [{"SubnetIds": ["subnet-1", "subnet-2"], "SecurityGroupIds": ["sg-1"]}]},
        Tags={"team": "platform"},
    )
    kafka.create_cluster(
        ClusterName="t-provisioned-0",
        KafkaVersion="3.6.0",
        NumberOfBrokerNodes=2,
        BrokerNodeGroupInfo={"InstanceType": "kafka.m5.large", "ClientSubnets": ["subnet-1", "subnet-2"]},
    )
    (record,) = moto_records(KIND)
    props = record["Properties"]
    assert_typed(props)
    assert props["ClusterName"] == "t-serverless-0" and props["Tags"] == {"team": "platform"}
    assert props["Serverless"]["VpcConfigs"] == [{"SubnetIds": ["subnet-1", "subnet-2"], "SecurityGroupIds": ["sg-1"]}]


def test_default_mapping_relates_vpc_config_subnets_and_security_groups():
    records = expected_records(KIND, NAME, "eu-west-1")
    entities = map_records(KIND, records, default_mapping(NAME))
    (clickstream,) = entities
    assert clickstream.identifier == records[0]["Properties"]["ClusterArn"] and clickstream.title == "clickstream"
    assert clickstream.blueprint == "awsMskServerlessCluster"
    assert clickstream.relations == {
        "account": ACCOUNT,
        "subnets": ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829", "subnet-0c3d4e5f607182930"],
        "securityGroups": ["sg-0a1b2c3d4e5f60718", "sg-0b2c3d4e5f6071829"],
    }
    assert clickstream.properties["iamAuthentication"] is True and clickstream.properties["state"] == "ACTIVE"
    blueprint = FRAGMENT["blueprints"][0]
    assert_relation_targets(blueprint, TARGETS)
    assert_fits_blueprint(clickstream, blueprint)
