"""MSK: provisioned and serverless clusters in the default VPC, tagged.

moto's ListClusters (v1) also lists serverless clusters, so a read of AWS::MSK::Cluster there finds both.
"""

from port_aws_pipeline.devtools.seeding import default_network

NAME = "msk"


def seed(ctx) -> dict[str, int]:
    kafka = ctx.session.client("kafka")
    network = default_network(ctx.session)
    subnets, group = network.subnet_ids, network.group_id
    for i in range(ctx.count):
        kafka.create_cluster(
            ClusterName=f"{ctx.prefix}-kafka-{i}",
            KafkaVersion="3.6.0",
            NumberOfBrokerNodes=len(subnets[:3]),
            BrokerNodeGroupInfo={
                "InstanceType": "kafka.m5.large",
                "ClientSubnets": subnets[:3],
                "SecurityGroups": [group],
            },
            Tags=ctx.tag_map,
        )
        kafka.create_cluster_v2(
            ClusterName=f"{ctx.prefix}-kafka-serverless-{i}",
            Serverless={"VpcConfigs": [{"SubnetIds": subnets[:2], "SecurityGroupIds": [group]}]},
            Tags=ctx.tag_map,
        )
    return {"AWS::MSK::Cluster": ctx.count, "AWS::MSK::ServerlessCluster": ctx.count}
