"""AWS::EKS::Cluster: recorded DescribeCluster items, moto reads, the default mapping."""

from importlib import resources

import yaml
from botocore.exceptions import ClientError

from port_aws_pipeline.devtools.seeding import SeedContext, account_session
from port_aws_pipeline.devtools.seeding import eks as eks_seeder
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.eks_cluster import KIND
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY, Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record
from tests.kinds.helpers import ACCOUNT, fixture_context, load_fixture, moto_records, shape_fixture

NAME = "eks_cluster"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "test"}]
#: aws-v3's EksClusterProperties, by alias (its dump's keys).
AWS_V3_TYPES = {
    "AccessConfig": dict, "Arn": str, "CertificateAuthority": dict, "ComputeConfig": dict, "CreatedAt": str,
    "Endpoint": str, "Identity": dict, "KubernetesNetworkConfig": dict, "Logging": dict, "Name": str,
    "PlatformVersion": str, "ResourcesVpcConfig": dict, "RoleArn": str, "Status": str, "StorageConfig": dict,
    "Tags": dict, "UpgradePolicy": dict, "Version": str, "ZonalShiftConfig": dict,
}  # fmt: skip
JSON_TYPES = {"string": str, "number": (int, float), "boolean": bool, "object": dict, "array": list}


def fragment() -> dict:
    return yaml.safe_load(resources.files("port_aws_pipeline.defaults").joinpath("kinds", f"{NAME}.yml").read_text())


def mapped(fixture: dict) -> list:
    """The fixture's items as the reader records them, through the default fragment's mapping."""
    ctx = fixture_context(fixture, KIND)
    mapping = Mapping(PortAppConfig.model_validate({"resources": fragment()["resources"]}))
    records = [to_record(KIND.kind, KIND.shape(item, ctx), ctx.account_id, ctx.region) for item in fixture["items"]]
    entities, errors = mapping.map_records(KIND.kind, records, "scope")
    assert errors == []
    return entities


def assert_fits_blueprint(entity) -> None:
    blueprint = fragment()["blueprints"][0]
    assert entity.blueprint == blueprint["identifier"]
    schema = blueprint["schema"]["properties"]
    for key, value in entity.properties.items():
        if key == SCOPE_PROPERTY or value is None:
            continue
        expected = JSON_TYPES[schema[key]["type"]]
        assert isinstance(value, expected) and not (expected is not bool and isinstance(value, bool)), (key, value)
    assert set(entity.relations) <= set(blueprint["relations"])


def assert_aws_v3_types(props: dict) -> None:
    """Every aws-v3 model key the item fills has the model's JSON type; no key outside the model."""
    assert set(props) <= set(AWS_V3_TYPES), set(props) - set(AWS_V3_TYPES)
    for key, expected in AWS_V3_TYPES.items():
        if props.get(key) is not None:
            value = props[key]
            assert isinstance(value, expected) and not (expected is not bool and isinstance(value, bool)), (key, value)


def test_fixture_shapes_aws_v3_cluster_properties():
    fixture = load_fixture(NAME)
    shaped = shape_fixture(KIND, NAME)
    assert shaped == fixture["expected"]
    prod, sandbox = shaped
    for cluster in shaped:
        assert_aws_v3_types(cluster)  # encryptionConfig, health, deletionProtection: not in aws-v3's model
    assert prod["Arn"] == f"arn:aws:eks:{REGION}:{ACCOUNT}:cluster/prod" and prod["Name"] == "prod"
    assert prod["Tags"] == {"team": "platform", "env": "prod"}  # an object, as aws-v3 gives EKS tags
    assert prod["ResourcesVpcConfig"]["vpcId"] == "vpc-0123456789abcdef0"  # nested keys as AWS gives them
    assert prod["AccessConfig"]["authenticationMode"] == "API_AND_CONFIG_MAP"
    assert prod["Logging"]["clusterLogging"][0]["enabled"] is True
    assert "Endpoint" not in sandbox and "Identity" not in sandbox and sandbox["Tags"] == {}
    assert sandbox["ComputeConfig"]["nodePools"] == ["general-purpose", "system"]


def test_moto_reads_clusters_with_tags_and_network(aws):
    session = account_session(ACCOUNT, REGION)
    eks_seeder.seed(SeedContext(session, ACCOUNT, REGION, "t", 2, TAGS))
    records = moto_records(KIND, region=REGION)
    assert sorted(r["Properties"]["Name"] for r in records) == ["t-k8s-0", "t-k8s-1"]
    ec2 = session.client("ec2")
    subnets = {s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]}
    for record in records:
        props = record["Properties"]
        assert (
            record["Type"] == "AWS::EKS::Cluster" and record["__Region"] == REGION and record["__AccountId"] == ACCOUNT
        )
        assert props["Arn"] == f"arn:aws:eks:{REGION}:{ACCOUNT}:cluster/{props['Name']}"
        assert props["Tags"] == {"team": "platform", "env": "test"} and props["Version"] == "1.31"
        assert (
            len(props["ResourcesVpcConfig"]["subnetIds"]) == 2
            and set(props["ResourcesVpcConfig"]["subnetIds"]) <= subnets
        )
        assert props["Status"] == "ACTIVE" and isinstance(props["CreatedAt"], str)
        assert_aws_v3_types(props)


def test_a_cluster_deleted_between_list_and_describe_is_skipped():
    class Eks:
        def get_paginator(self, name):
            return type("P", (), {"paginate": lambda self, **kwargs: iter([{"clusters": ["live", "gone"]}])})()

        def describe_cluster(self, name):
            if name == "gone":
                raise ClientError(
                    {"Error": {"Code": "ResourceNotFoundException", "Message": "gone"}}, "DescribeCluster"
                )
            return {"cluster": {"name": name, "arn": f"arn:aws:eks:{REGION}:{ACCOUNT}:cluster/{name}"}}

    clients = type("Clients", (), {"account_id": ACCOUNT, "partition": "aws", "client": lambda self, s, r: Eks()})()
    assert [c["name"] for c in KIND.fetch(clients, ReadContext(ACCOUNT, REGION, "aws", (REGION,)))] == ["live"]


def test_default_mapping_relates_clusters_to_network_and_account():
    prod, sandbox = mapped(load_fixture(NAME))
    assert prod.identifier == f"arn:aws:eks:{REGION}:{ACCOUNT}:cluster/prod" and prod.title == "prod"
    assert prod.relations == {
        "account": ACCOUNT,
        "vpc": "vpc-0123456789abcdef0",
        "subnets": ["subnet-0aaa1111bbbb2222c", "subnet-0bbb2222cccc3333d"],
        "securityGroups": ["sg-0eks0000000000004", "sg-0ekscluster000005"],
    }
    assert sandbox.relations["securityGroups"] == [] and sandbox.relations["vpc"] == "vpc-0fedcba9876543210"
    assert prod.properties["tags"] == {"team": "platform", "env": "prod"} and sandbox.properties["tags"] == {}
    assert prod.properties["authenticationMode"] == "API_AND_CONFIG_MAP" and sandbox.properties["endpoint"] is None
    assert prod.properties["version"] == "1.33" and prod.properties["region"] == REGION
    for entity in (prod, sandbox):
        assert_fits_blueprint(entity)
