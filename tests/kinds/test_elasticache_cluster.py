"""AWS::ElastiCache::Cluster: recorded responses in aws-v3's shape, a read from moto, and the default mapping."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import seeders
from port_aws_pipeline.kinds.elasticache_cluster import KIND

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

NAME = "elasticache_cluster"
#: aws-v3's modelled keys with their JSON types (its model also keeps every other key AWS returns).
TYPED = {
    "CacheClusterId": str, "ARN": str, "CacheNodeType": str, "Engine": str, "EngineVersion": str,
    "CacheClusterStatus": str, "NumCacheNodes": int, "PreferredAvailabilityZone": str, "PreferredOutpostArn": str,
    "CacheClusterCreateTime": str, "PreferredMaintenanceWindow": str, "PendingModifiedValues": dict,
    "NotificationConfiguration": dict, "CacheSecurityGroups": list, "CacheParameterGroup": dict,
    "CacheSubnetGroupName": str, "CacheNodes": list, "AutoMinorVersionUpgrade": bool, "SecurityGroups": list,
    "ReplicationGroupId": str, "SnapshotRetentionLimit": int, "SnapshotWindow": str, "AuthTokenEnabled": bool,
    "AuthTokenLastModifiedDate": str, "TransitEncryptionEnabled": bool, "AtRestEncryptionEnabled": bool,
    "ReplicationGroupLogDeliveryEnabled": bool, "LogDeliveryConfigurations": list, "NetworkType": str,
    "IpDiscovery": str, "TransitEncryptionMode": str, "ConfigurationEndpoint": dict, "ClientDownloadLandingPage": str,
    "TagList": list,
}  # fmt: skip
TARGETS = {"awsAccount": "organizations_account", "awsSecurityGroup": "ec2_security_group"}
FRAGMENT = fragment(NAME)


def assert_typed(props: dict) -> None:
    assert_types(props, TYPED, closed=False, nullable=False)
    assert all(set(tag) == {"Key", "Value"} for tag in props.get("TagList", []))


def test_recorded_clusters_have_the_aws_v3_shape():
    shaped = fixture_shapes(KIND, NAME, each=assert_typed)
    assert shaped == load_fixture(NAME)["items"]  # aws-v3 keeps the cluster whole
    redis, memcached = shaped
    assert redis["TagList"] == [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "prod"}]
    assert redis["CacheNodes"][0]["Endpoint"] == {
        "Address": "sessions-redis-001.abc123.0001.euw1.cache.amazonaws.com",
        "Port": 6379,
    }
    assert memcached["NumCacheNodes"] == 2 and memcached["TagList"] == []


def test_moto_read_with_tags_from_the_tagging_api(aws):
    ctx = SeedContext(account_session(ACCOUNT), ACCOUNT, "us-east-1", "t", 2, [{"Key": "team", "Value": "platform"}])
    assert seeders()["elasticache"].seed(ctx) == {"AWS::ElastiCache::Cluster": 2}
    records = moto_records(KIND, actions=["ListTagsForResourceAction"])
    assert sorted(r["Properties"]["ARN"] for r in records) == [
        f"arn:aws:elasticache:us-east-1:{ACCOUNT}:cluster:t-redis-{i}" for i in range(2)
    ]
    for record in records:
        assert_typed(record["Properties"])
        assert record["Properties"]["Engine"] == "redis" and record["Properties"]["NumCacheNodes"] == 1
        assert record["Properties"]["TagList"] == [{"Key": "team", "Value": "platform"}]
    assert all("TagList" not in r["Properties"] for r in moto_records(KIND))


def test_default_mapping_makes_cluster_entities():
    mapping = default_mapping(NAME)
    assert mapping.selectors_for(KIND.kind)[0].include_actions == ["ListTagsForResourceAction"]
    entities = mapped_expected(KIND, NAME, "eu-west-1", mapping)
    redis, memcached = entities
    assert redis.identifier == f"arn:aws:elasticache:eu-west-1:{ACCOUNT}:cluster:sessions-redis-001"
    assert redis.title == "sessions-redis-001" and redis.blueprint == "awsElasticacheCluster"
    assert redis.relations == {"account": ACCOUNT, "securityGroups": ["sg-0a1b2c3d4e5f60718"]}
    assert redis.properties["endpoint"] == "sessions-redis-001.abc123.0001.euw1.cache.amazonaws.com"
    assert redis.properties["tags"] == {"team": "platform", "env": "prod"}
    assert memcached.properties["endpoint"] == "catalog-memcached.abc123.cfg.euw1.cache.amazonaws.com"
    blueprint = FRAGMENT["blueprints"][0]
    assert_relation_targets(blueprint, TARGETS)
    for entity in entities:
        assert_fits_blueprint(entity, blueprint)
