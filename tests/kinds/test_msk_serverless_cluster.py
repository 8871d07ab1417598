"""AWS::MSK::ServerlessCluster: recorded responses in aws-v3's shape, a read from moto, and the default mapping."""

from importlib import resources

import yaml

from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.kinds.msk_serverless_cluster import KIND
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY, Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record

from .helpers import ACCOUNT, load_fixture, moto_records, shape_fixture

NAME = "msk_serverless_cluster"
#: aws-v3's keys: its model's fields are camelCase but aliased and dumped by alias, i.e. AWS's PascalCase.
TYPED = {
    "ActiveOperationArn": str, "ClusterArn": str, "ClusterName": str, "ClusterType": str, "CreationTime": str,
    "CurrentVersion": str, "State": str, "StateInfo": dict, "Tags": dict, "Serverless": dict,
}  # fmt: skip
TARGETS = {"awsAccount": "organizations_account", "awsSubnet": "ec2_subnet", "awsSecurityGroup": "ec2_security_group"}
JSON_TYPES = {"string": str, "number": (int, float), "boolean": bool, "object": dict, "array": list}
FRAGMENTS = resources.files("port_aws_pipeline.defaults").joinpath("kinds")
FRAGMENT = yaml.safe_load(FRAGMENTS.joinpath(f"{NAME}.yml").read_text())


def assert_typed(props: dict) -> None:
    assert not any(key[0].islower() for key in props)
    for key, kind in TYPED.items():
        if key in props:
            assert type(props[key]) is kind, key


def test_recorded_clusters_have_the_aws_v3_shape():
    fixture = load_fixture(NAME)
    shaped = shape_fixture(KIND, NAME)
    assert shaped == fixture["expected"] == fixture["items"]
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
    records = [to_record(KIND.kind, props, ACCOUNT, "eu-west-1") for props in load_fixture(NAME)["expected"]]
    mapping = Mapping(PortAppConfig.model_validate({"resources": FRAGMENT["resources"]}))
    entities, errors = mapping.map_records(KIND.kind, records, "scope")
    assert errors == []
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
    assert {r["target"] for r in blueprint["relations"].values()} <= set(TARGETS)
    for target, module in TARGETS.items():  # each target is defined by the fragment that owns it
        assert f"identifier: {target}\n" in (FRAGMENTS / f"{module}.yml").read_text()
    schema = blueprint["schema"]["properties"]
    for name, value in clickstream.properties.items():
        if name != SCOPE_PROPERTY and value is not None:
            assert isinstance(value, JSON_TYPES[schema[name]["type"]]), name
