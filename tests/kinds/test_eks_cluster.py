"""AWS::EKS::Cluster: recorded DescribeCluster items, moto reads, the default mapping."""

from botocore.exceptions import ClientError

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import eks as eks_seeder
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.eks_cluster import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import assert_fits_blueprint
from tests.kinds.helpers import assert_types
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import fragment
from tests.kinds.helpers import mapped
from tests.kinds.helpers import moto_records

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


def test_fixture_shapes_aws_v3_cluster_properties():
    # encryptionConfig, health, deletionProtection: not in aws-v3's model
    shaped = fixture_shapes(KIND, NAME, types=AWS_V3_TYPES)
    prod, sandbox = shaped
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
        assert_types(props, AWS_V3_TYPES)


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
    prod, sandbox = mapped(KIND, NAME)
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
        assert_fits_blueprint(entity, fragment(NAME)["blueprints"][0])
