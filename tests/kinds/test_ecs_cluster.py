"""AWS::ECS::Cluster: recorded DescribeClusters items, moto reads (INACTIVE left out), the default mapping."""

from importlib import resources

import yaml

from port_aws_pipeline.devtools.seeding import SeedContext, account_session
from port_aws_pipeline.devtools.seeding import ecs as ecs_seeder
from port_aws_pipeline.kinds.ecs_cluster import KIND
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY, Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record
from tests.kinds.helpers import ACCOUNT, fixture_context, load_fixture, moto_records, shape_fixture

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
    prod, batch = shaped
    for cluster in shaped:
        assert_aws_v3_types(cluster)
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
    assert_aws_v3_types(props)


def test_default_mapping_identifies_clusters_by_arn():
    prod, batch = mapped(load_fixture(NAME))
    assert prod.identifier == f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/prod" and prod.title == "prod"
    assert prod.properties["tags"] == {"team": "platform", "env": "prod"} and batch.properties["tags"] == {}
    assert prod.properties["runningTasksCount"] == 12 and prod.properties["capacityProviders"] == [
        "FARGATE",
        "FARGATE_SPOT",
    ]
    assert prod.properties["region"] == REGION and batch.properties["status"] == "PROVISIONING"
    for entity in (prod, batch):
        assert entity.relations == {"account": ACCOUNT}
        assert_fits_blueprint(entity)
