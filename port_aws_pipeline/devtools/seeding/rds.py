"""RDS: Aurora clusters with one writer instance each, and standalone PostgreSQL instances, tagged.

Everything sits in the default VPC: one DB subnet group over its subnets and its default security group, so the
instances carry VPC, subnet and security-group ids. A seeded region holds `count` clusters and `2 * count` instances.
Clusters let RDS manage their master password (a Secrets Manager secret named `rds!cluster-...`).
"""

from port_aws_pipeline.devtools.seeding import default_network

NAME = "rds"
PASSWORD = "demo-password-1"
MONITORING_ROLE = "rds-monitoring-role"
TRUST = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"monitoring.rds.amazonaws.com"},'
    '"Action":"sts:AssumeRole"}]}'
)
#: A standalone instance: provisioned-IOPS encrypted storage, a standby, IAM authentication, enhanced monitoring.
STANDALONE = {
    "Engine": "postgres",
    "DBName": "app",
    "DBInstanceClass": "db.t3.micro",
    "AllocatedStorage": 100,
    "StorageType": "io1",
    "Iops": 1000,
    "StorageEncrypted": True,
    "MultiAZ": True,
    "PubliclyAccessible": False,
    "EnableIAMDatabaseAuthentication": True,
    "MonitoringInterval": 60,
    "MasterUsername": "demo",
    "MasterUserPassword": PASSWORD,
}


def prepare(session, account_id: str) -> None:
    session.client("iam").create_role(RoleName=MONITORING_ROLE, AssumeRolePolicyDocument=TRUST)


def seed(ctx) -> dict[str, int]:
    rds = ctx.session.client("rds")
    default = default_network(ctx.session)
    subnet_group = f"{ctx.prefix}-db-subnets"
    rds.create_db_subnet_group(
        DBSubnetGroupName=subnet_group, DBSubnetGroupDescription="demo", SubnetIds=default.subnet_ids, Tags=ctx.tags
    )
    network = {"DBSubnetGroupName": subnet_group, "VpcSecurityGroupIds": [default.group_id]}
    for i in range(ctx.count):
        cluster = f"{ctx.prefix}-aurora-{i}"
        rds.create_db_cluster(
            DBClusterIdentifier=cluster,
            Engine="aurora-postgresql",
            DatabaseName="app",
            MasterUsername="demo",
            ManageMasterUserPassword=True,
            Tags=ctx.tags,
            **network,
        )
        rds.create_db_instance(
            DBInstanceIdentifier=f"{cluster}-writer",
            DBClusterIdentifier=cluster,
            Engine="aurora-postgresql",
            DBInstanceClass="db.r6g.large",
            Tags=ctx.tags,
            DBSubnetGroupName=subnet_group,
        )
        rds.create_db_instance(
            DBInstanceIdentifier=f"{ctx.prefix}-postgres-{i}",
            MonitoringRoleArn=f"arn:aws:iam::{ctx.account_id}:role/{MONITORING_ROLE}",
            Tags=ctx.tags,
            **STANDALONE,
            **network,
        )
    return {"AWS::RDS::DBCluster": ctx.count, "AWS::RDS::DBInstance": 2 * ctx.count}
