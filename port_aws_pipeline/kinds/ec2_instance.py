"""AWS::EC2::Instance: one paginated DescribeInstances per region, tags included."""

from port_aws_pipeline.kinds.base import ClientProvider, Properties, RawItem, ReadContext, ResourceKind, paginate

GONE_STATES = {"terminated"}


def fetch_instances(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    ec2 = clients.client("ec2", ctx.region)
    instances = [i for r in paginate(ec2, "describe_instances", "Reservations") for i in r.get("Instances", [])]
    return [i for i in instances if i.get("State", {}).get("Name") not in GONE_STATES]


def shape_instance(item: RawItem, ctx: ReadContext) -> Properties:
    return {**item, "Arn": f"arn:{ctx.partition}:ec2:{ctx.region}:{ctx.account_id}:instance/{item['InstanceId']}"}


KIND = ResourceKind("AWS::EC2::Instance", "ec2", fetch_instances, shape_instance, iam_actions=("ec2:DescribeInstances",))
