"""AWS::EC2::Instance: DescribeInstances pages (tags included); DescribeInstanceStatus pages when asked.

aws-v3's model keeps every field AWS returns (extra="allow"), so Properties are the
instance as described, plus `Arn` (harmless there) so mappings get a partition-correct
identifier. aws-v3's DescribeInstanceStatusAction merges each instance's status entry
into it; one paginated call for the region replaces its call per instance.
"""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import paginate

GONE_STATES = {"terminated"}
STATUS_ACTION = "DescribeInstanceStatusAction"

IAM_ACTIONS = ("ec2:DescribeInstances",)
OPTIONAL_ACTIONS = {STATUS_ACTION: ("ec2:DescribeInstanceStatus",)}


def fetch_instances(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    ec2 = clients.client("ec2", ctx.region)
    reservations = paginate(ec2, "describe_instances", "Reservations")
    instances = [i for r in reservations for i in r.get("Instances", [])]
    instances = [i for i in instances if i.get("State", {}).get("Name") not in GONE_STATES]
    if STATUS_ACTION in ctx.actions and instances:
        statuses = paginate(ec2, "describe_instance_status", "InstanceStatuses", IncludeAllInstances=True)
        by_id = {s["InstanceId"]: s for s in statuses}
        instances = [{**i, **by_id.get(i["InstanceId"], {})} for i in instances]
    return instances


def instance_arn(ctx: ReadContext, instance_id: str) -> str:
    return f"arn:{ctx.partition}:ec2:{ctx.region}:{ctx.account_id}:instance/{instance_id}"


def shape_instance(item: RawItem, ctx: ReadContext) -> Properties:
    return {**item, "Arn": instance_arn(ctx, item["InstanceId"])}


KIND = ResourceKind("AWS::EC2::Instance", "ec2", fetch_instances, shape_instance, IAM_ACTIONS, OPTIONAL_ACTIONS)
