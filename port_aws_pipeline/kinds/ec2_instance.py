"""AWS::EC2::Instance: one paginated DescribeInstances per region, tags included."""

from port_aws_pipeline.kinds.base import Properties, ReadContext, ResourceKind, paginate

GONE_STATES = {"terminated"}


def read_instances(clients, ctx: ReadContext) -> list[Properties]:
    ec2 = clients.client("ec2", ctx.region)
    instances = [i for r in paginate(ec2, "describe_instances", "Reservations") for i in r.get("Instances", [])]
    return [
        {**i, "Arn": f"arn:{ctx.partition}:ec2:{ctx.region}:{ctx.account_id}:instance/{i['InstanceId']}"}
        for i in instances
        if i.get("State", {}).get("Name") not in GONE_STATES
    ]


KIND = ResourceKind("AWS::EC2::Instance", "ec2", read_instances)
