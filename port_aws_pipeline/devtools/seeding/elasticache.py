"""ElastiCache (Redis OSS) single-node clusters, tagged."""

NAME = "elasticache"


def seed(ctx) -> dict[str, int]:
    elasticache = ctx.session.client("elasticache")
    for i in range(ctx.count):
        elasticache.create_cache_cluster(
            CacheClusterId=f"{ctx.prefix}-redis-{i}",
            Engine="redis",
            CacheNodeType="cache.t4g.micro",
            NumCacheNodes=1,
            Tags=ctx.tags,
        )
    return {"AWS::ElastiCache::Cluster": ctx.count}
