"""AWS::ECS::Cluster: recorded DescribeClusters items, moto reads (INACTIVE left out), the default mapping."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import ecs as ecs_seeder
from port_aws_pipeline.kinds.ecs_cluster import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import assert_fits_blueprint
from tests.kinds.helpers import assert_types
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import fragment
from tests.kinds.helpers import mapped
from tests.kinds.helpers import moto_records

NAME = "ecs_cluster"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "test"}]
#: aws-v3's ClusterProperties, by alias (its dump's keys).
AWS_V3_TYPES = {
    "ClusterName": str, "CapacityProviders": list, "ClusterSettings": list, "Configuration": dict,
    "DefaultCapacityProviderStrategy": list, "ServiceConnectDefaults": dict, "Tags": list, "Attachments": list,
    "AttachmentsStatus": str, "Statistics": list, "Status": str, "RunningTasksCount": int, "ActiveServicesCount": int,
    "PendingTasksCount": int, "RegisteredContainerInstancesCount": int, "ClusterArn": str,
}  # fmt: skip


def test_fixture_shapes_aws_v3_cluster_properties():
    shaped = fixture_shapes(KIND, NAME, types=AWS_V3_TYPES)
    prod, batch = shaped
    assert prod["ClusterArn"] == f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/prod" and prod["ClusterName"] == "prod"
    assert prod["ClusterSettings"] == [{"name": "containerInsights", "value": "enabled"}]  # AWS's settings
    assert prod["Tags"] == [{"key": "team", "value": "platform"}, {"key": "env", "value": "prod"}]  # as ECS gives them
    assert prod["Configuration"] == {"executeCommandConfiguration": {"logging": "DEFAULT"}}  # nested keys untouched
    assert prod["RunningTasksCount"] == 12 and prod["Statistics"][0] == {
        "name": "runningFargateTasksCount",
        "value": "12",
    }
    assert "Configuration" not in batch and batch["RegisteredContainerInstancesCount"] == 3


def test_moto_reads_active_clusters_with_tags_settings_and_counts(aws):
    session = account_session(ACCOUNT, REGION)
    ecs_seeder.seed(SeedContext(session, ACCOUNT, REGION, "t", 2, TAGS))
    session.client("ecs").delete_cluster(cluster="t-cluster-1")
    records = moto_records(KIND, region=REGION)
    assert [r["Properties"]["ClusterName"] for r in records] == ["t-cluster-0"]  # the INACTIVE one is deleted
    record = records[0]
    props = record["Properties"]
    assert record["Type"] == "AWS::ECS::Cluster" and record["__Region"] == REGION and record["__AccountId"] == ACCOUNT
    assert props["ClusterArn"] == f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/t-cluster-0"
    assert props["Tags"] == [{"key": "team", "value": "platform"}, {"key": "env", "value": "test"}]
    assert props["Status"] == "ACTIVE" and props["ClusterSettings"][0]["name"] == "containerInsights"
    assert_types(props, AWS_V3_TYPES)


def test_default_mapping_identifies_clusters_by_arn():
    prod, batch = mapped(KIND, NAME)
    assert prod.identifier == f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/prod" and prod.title == "prod"
    assert prod.properties["tags"] == {"team": "platform", "env": "prod"} and batch.properties["tags"] == {}
    assert prod.properties["runningTasksCount"] == 12 and prod.properties["capacityProviders"] == [
        "FARGATE",
        "FARGATE_SPOT",
    ]
    assert prod.properties["region"] == REGION and batch.properties["status"] == "PROVISIONING"
    for entity in (prod, batch):
        assert entity.relations == {"account": ACCOUNT}
        assert_fits_blueprint(entity, fragment(NAME)["blueprints"][0])
