"""The registry of resource kinds: one small module each, looked up by CloudFormation type name."""

from port_aws_pipeline.kinds import ec2_instance, ecs_cluster, lambda_function, s3_bucket, sqs_queue
from port_aws_pipeline.kinds.base import ReadContext, ResourceKind

ACCOUNT_KIND = "AWS::Organizations::Account"

KINDS: dict[str, ResourceKind] = {
    module.KIND.kind: module.KIND
    for module in (ec2_instance, s3_bucket, lambda_function, sqs_queue, ecs_cluster)
}


def kinds_for_region(region_is_global: bool, selected: set[str] | None = None) -> list[ResourceKind]:
    """Global kinds in the "global" partition, regional kinds everywhere else."""
    return [k for k in KINDS.values() if k.is_global == region_is_global and (selected is None or k.kind in selected)]


__all__ = ["ACCOUNT_KIND", "KINDS", "ReadContext", "ResourceKind", "kinds_for_region"]
