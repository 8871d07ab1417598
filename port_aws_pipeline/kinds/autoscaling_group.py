"""AWS::AutoScaling::AutoScalingGroup: DescribeAutoScalingGroups pages, 100 groups a page, tags included.

Properties: the AutoScalingGroup as AWS answers it (PascalCase; `VPCZoneIdentifier` is the comma-separated subnet
list), plus `Arn` and `Tags` as AWS gives them ([{ResourceId, ResourceType, Key, Value, PropagateAtLaunch}]).
"""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import with_arn

IAM_ACTIONS = ("autoscaling:DescribeAutoScalingGroups",)


def fetch_groups(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    autoscaling = clients.client("autoscaling", ctx.region)
    return paginate(
        autoscaling, "describe_auto_scaling_groups", "AutoScalingGroups", PaginationConfig={"PageSize": 100}
    )


KIND = ResourceKind(
    "AWS::AutoScaling::AutoScalingGroup", "autoscaling", fetch_groups, with_arn("AutoScalingGroupARN"), IAM_ACTIONS
)
