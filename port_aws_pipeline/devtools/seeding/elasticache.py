"""ElastiCache (Redis OSS) single-node clusters in a cache subnet group over the default VPC, with in-transit
encryption, daily snapshots and fixed maintenance and snapshot windows, tagged.

moto returns no parameter group, cache nodes or client download page for a cluster.
"""

from port_aws_pipeline.devtools.seeding import default_network

NAME = "elasticache"


def seed(ctx) -> dict[str, int]:
    if not ctx.count:
        return {"AWS::ElastiCache::Cluster": 0}
    elasticache = ctx.session.client("elasticache")
    network = default_network(ctx.session)
    subnet_group = f"{ctx.prefix}-cache-subnets"
    elasticache.create_cache_subnet_group(
        CacheSubnetGroupName=subnet_group, CacheSubnetGroupDescription="demo", SubnetIds=network.subnet_ids
    )
    for i in range(ctx.count):
        elasticache.create_cache_cluster(
            CacheClusterId=f"{ctx.prefix}-redis-{i}",
            Engine="redis",
            EngineVersion="7.1.0",
            CacheNodeType="cache.t4g.micro",
            NumCacheNodes=1,
            CacheParameterGroupName="default.redis7",
            CacheSubnetGroupName=subnet_group,
            SecurityGroupIds=[network.group_id],
            PreferredAvailabilityZone=f"{ctx.region}a",
            PreferredMaintenanceWindow="sun:04:30-sun:05:30",
            SnapshotRetentionLimit=7,
            SnapshotWindow="02:30-03:30",
            AutoMinorVersionUpgrade=True,
            TransitEncryptionEnabled=True,
            NetworkType="ipv4",
            IpDiscovery="ipv4",
            Tags=ctx.tags,
        )
    return {"AWS::ElastiCache::Cluster": ctx.count}
