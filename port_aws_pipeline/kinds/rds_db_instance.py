"""AWS::RDS::DBInstance in aws-v3's shape.

DescribeDBInstances pages; nothing per instance. The `ListTagsForResourceAction` includeAction adds `Tags`, taken
from the describe's own `TagList` (the same list ListTagsForResource answers), so it costs no call.

Properties are the keys aws-v3 models, under aws-v3's output names: `DbInstancePort` is `Port`,
`IAMDatabaseAuthenticationEnabled` is `EnableIAMDatabaseAuthentication`, `PerformanceInsightsEnabled` is
`EnablePerformanceInsights`, `VpcSecurityGroups` is `VPCSecurityGroups`; other DescribeDBInstances keys are dropped,
as aws-v3 drops them. One addition: `DBClusterIdentifier` when AWS gives it (Aurora and Multi-AZ cluster members),
so a mapping can relate the instance to its cluster; aws-v3 drops it.
"""

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import paginate

TAGS = "ListTagsForResourceAction"
#: DescribeDBInstances key -> aws-v3 output key, for the keys aws-v3 keeps.
FIELDS: dict[str, str] = {
    key: key
    for key in (
        "AllocatedStorage",
        "AutoMinorVersionUpgrade",
        "AvailabilityZone",
        "BackupRetentionPeriod",
        "CACertificateIdentifier",
        "CharacterSetName",
        "CopyTagsToSnapshot",
        "DBInstanceArn",
        "DBInstanceClass",
        "DBInstanceIdentifier",
        "DBInstanceStatus",
        "DBName",
        "DBParameterGroups",
        "DBSecurityGroups",
        "DBSubnetGroup",
        "DbiResourceId",
        "DomainMemberships",
        "Endpoint",
        "Engine",
        "EngineVersion",
        "EnhancedMonitoringResourceArn",
        "InstanceCreateTime",
        "Iops",
        "KmsKeyId",
        "LatestRestorableTime",
        "LicenseModel",
        "MasterUsername",
        "MonitoringInterval",
        "MonitoringRoleArn",
        "MultiAZ",
        "OptionGroupMemberships",
        "PendingModifiedValues",
        "PreferredBackupWindow",
        "PreferredMaintenanceWindow",
        "PubliclyAccessible",
        "ReadReplicaDBInstanceIdentifiers",
        "SecondaryAvailabilityZone",
        "StorageEncrypted",
        "StorageType",
        "DatabaseInsightsMode",
        "DeletionProtection",
        "AssociatedRoles",
        "CustomerOwnedIpEnabled",
        "ActivityStreamStatus",
        "BackupTarget",
        "NetworkType",
        "StorageThroughput",
        "CertificateDetails",
        "DedicatedLogVolume",
        "IsStorageConfigUpgradeAvailable",
        "EngineLifecycleSupport",
    )
} | {
    "DbInstancePort": "Port",
    "IAMDatabaseAuthenticationEnabled": "EnableIAMDatabaseAuthentication",
    "PerformanceInsightsEnabled": "EnablePerformanceInsights",
    "VpcSecurityGroups": "VPCSecurityGroups",
}

IAM_ACTIONS = ("rds:DescribeDBInstances",)
OPTIONAL_ACTIONS = {TAGS: ()}


def fetch_instances(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    return paginate(clients.client("rds", ctx.region), "describe_db_instances", "DBInstances")


def shape_instance(item: RawItem, ctx: ReadContext) -> Properties:
    props: Properties = {FIELDS[key]: value for key, value in item.items() if key in FIELDS}
    if TAGS in ctx.actions:
        props["Tags"] = item.get("TagList", [])
    if item.get("DBClusterIdentifier"):
        props["DBClusterIdentifier"] = item["DBClusterIdentifier"]
    return props


KIND = ResourceKind("AWS::RDS::DBInstance", "rds", fetch_instances, shape_instance, IAM_ACTIONS, OPTIONAL_ACTIONS)
