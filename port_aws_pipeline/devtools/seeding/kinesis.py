"""Kinesis data streams, one shard each, tagged."""

NAME = "kinesis"


def seed(ctx) -> dict[str, int]:
    kinesis = ctx.session.client("kinesis")
    for i in range(ctx.count):
        name = f"{ctx.prefix}-stream-{i}"
        kinesis.create_stream(StreamName=name, ShardCount=1)
        kinesis.add_tags_to_stream(StreamName=name, Tags=ctx.tag_map)
    return {"AWS::Kinesis::Stream": ctx.count}
