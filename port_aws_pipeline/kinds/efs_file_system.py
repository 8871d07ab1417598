"""AWS::EFS::FileSystem: DescribeFileSystems pages (tags included).

Where a file system sits in the network is only on its mount targets, hence two includeActions, both on by
default: `DescribeMountTargetsAction` (one call per file system that has mount targets) and
`DescribeMountTargetSecurityGroupsAction` (one call per available mount target; needs the first). Properties: the
FileSystemDescription (AWS's PascalCase keys), plus `Arn`, `MountTargets` [MountTargetDescription +
`SecurityGroups`] when read, and `Tags` [{Key, Value}].
"""

from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError

from port_aws_pipeline.kinds.base import ClientProvider, Properties, RawItem, ReadContext, ResourceKind, paginate

MOUNT_TARGETS = "DescribeMountTargetsAction"
SECURITY_GROUPS = "DescribeMountTargetSecurityGroupsAction"
DENIED = {"AccessDenied", "AccessDeniedException"}
#: A file system or mount target deleted (or still being created) between calls leaves its field null.
FS_SKIPPABLE = DENIED | {"FileSystemNotFound"}
MT_SKIPPABLE = DENIED | {"MountTargetNotFound", "IncorrectMountTargetState", "FileSystemNotFound"}


def _soft(skippable: set[str], call, *args, **kwargs):
    """`call(...)`, or None when it fails with one of the `skippable` error codes."""
    try:
        return call(*args, **kwargs)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in skippable:
            return None
        raise


def _mount_targets(efs, file_system: dict, actions: frozenset[str]) -> list[dict] | None:
    if not file_system.get("NumberOfMountTargets"):
        return []
    targets = _soft(
        FS_SKIPPABLE, paginate, efs, "describe_mount_targets", "MountTargets", FileSystemId=file_system["FileSystemId"]
    )
    if targets is None or SECURITY_GROUPS not in actions:
        return targets
    out = []
    for target in targets:
        groups = None
        if target.get("LifeCycleState") == "available":
            describe = efs.describe_mount_target_security_groups
            answer = _soft(MT_SKIPPABLE, describe, MountTargetId=target["MountTargetId"])
            groups = answer["SecurityGroups"] if answer else None
        out.append({**target, "SecurityGroups": groups})
    return out


def fetch_file_systems(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    efs = clients.client("efs", ctx.region)
    file_systems = paginate(efs, "describe_file_systems", "FileSystems")
    if not file_systems or MOUNT_TARGETS not in ctx.actions:
        return file_systems
    with ThreadPoolExecutor(max_workers=8) as pool:
        targets = list(pool.map(lambda fs: _mount_targets(efs, fs, ctx.actions), file_systems))
    return [{**fs, "MountTargets": t} for fs, t in zip(file_systems, targets, strict=True)]


def shape_file_system(item: RawItem, ctx: ReadContext) -> Properties:
    return {**item, "Arn": item["FileSystemArn"], "Tags": item.get("Tags") or []}


KIND = ResourceKind(
    "AWS::EFS::FileSystem",
    "efs",
    fetch_file_systems,
    shape_file_system,
    iam_actions=("elasticfilesystem:DescribeFileSystems",),
    optional_actions={
        MOUNT_TARGETS: ("elasticfilesystem:DescribeMountTargets",),
        SECURITY_GROUPS: (
            "elasticfilesystem:DescribeMountTargetSecurityGroups",
            "ec2:DescribeNetworkInterfaceAttribute",
        ),
    },
    default_actions=(MOUNT_TARGETS, SECURITY_GROUPS),
)
