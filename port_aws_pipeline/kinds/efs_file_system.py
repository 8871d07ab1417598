"""AWS::EFS::FileSystem: DescribeFileSystems pages (tags included).

Where a file system sits in the network is only on its mount targets, hence two includeActions, both on by
default: `DescribeMountTargetsAction` (one call per file system that has mount targets) and
`DescribeMountTargetSecurityGroupsAction` (one call per available mount target; needs the first). Properties: the
FileSystemDescription (AWS's PascalCase keys), plus `Arn`, `MountTargets` [MountTargetDescription +
`SecurityGroups`] when read, and `Tags` [{Key, Value}].
"""

from port_aws_pipeline.kinds.base import DENIED
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import item_call
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import per_item
from port_aws_pipeline.kinds.base import set_each
from port_aws_pipeline.kinds.base import with_arn

MOUNT_TARGETS = "DescribeMountTargetsAction"
SECURITY_GROUPS = "DescribeMountTargetSecurityGroupsAction"
#: A file system or mount target deleted (or still being created) between calls leaves its field null.
FS_SKIPPABLE = DENIED | {"FileSystemNotFound"}
MT_SKIPPABLE = DENIED | {"MountTargetNotFound", "IncorrectMountTargetState", "FileSystemNotFound"}

IAM_ACTIONS = ("elasticfilesystem:DescribeFileSystems",)
OPTIONAL_ACTIONS = {
    MOUNT_TARGETS: ("elasticfilesystem:DescribeMountTargets",),
    SECURITY_GROUPS: (
        "elasticfilesystem:DescribeMountTargetSecurityGroups",
        "ec2:DescribeNetworkInterfaceAttribute",
    ),
}


def _security_groups(efs, target: dict) -> list[str] | None:
    """An available mount target's security groups (None when it is not available, or denied or gone meanwhile)."""
    if target.get("LifeCycleState") != "available":
        return None
    describe = efs.describe_mount_target_security_groups
    answer = item_call(lambda: describe(MountTargetId=target["MountTargetId"]), MT_SKIPPABLE)
    return answer["SecurityGroups"] if answer else None


def _mount_targets(efs, file_system: dict, actions: frozenset[str]) -> list[dict] | None:
    if not file_system.get("NumberOfMountTargets"):
        return []
    file_system_id = file_system["FileSystemId"]
    targets = item_call(
        lambda: paginate(efs, "describe_mount_targets", "MountTargets", FileSystemId=file_system_id), FS_SKIPPABLE
    )
    if targets is None or SECURITY_GROUPS not in actions:
        return targets
    return [{**target, "SecurityGroups": _security_groups(efs, target)} for target in targets]


def fetch_file_systems(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    efs = clients.client("efs", ctx.region)
    file_systems = paginate(efs, "describe_file_systems", "FileSystems")
    if not file_systems or MOUNT_TARGETS not in ctx.actions:
        return file_systems
    targets = per_item(lambda fs: _mount_targets(efs, fs, ctx.actions), file_systems, tolerated=())
    return set_each(file_systems, "MountTargets", targets)


KIND = ResourceKind(
    "AWS::EFS::FileSystem",
    "efs",
    fetch_file_systems,
    with_arn("FileSystemArn"),
    IAM_ACTIONS,
    OPTIONAL_ACTIONS,
    default_actions=(MOUNT_TARGETS, SECURITY_GROUPS),
)
