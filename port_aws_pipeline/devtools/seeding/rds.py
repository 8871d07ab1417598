"""RDS: Aurora clusters with one writer instance each, and standalone PostgreSQL instances, tagged.

Everything sits in the default VPC: one DB subnet group over its subnets and its default security group, so the
instances carry VPC, subnet and security-group ids. A seeded region holds `count` clusters and `2 * count` instances.
"""

NAME = "rds"
PASSWORD = "demo-password-1"


def default_network(session) -> tuple[list[str], str]:
    """The default VPC's subnet ids and default security group id in the session's region."""
    ec2 = session.client("ec2")
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    subnets = [s["SubnetId"] for s in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]]
    groups = ec2.describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]}]
    )["SecurityGroups"]
    return subnets, groups[0]["GroupId"]


def seed(ctx) -> dict[str, int]:
    rds = ctx.session.client("rds")
    subnets, group = default_network(ctx.session)
    subnet_group = f"{ctx.prefix}-db-subnets"
    rds.create_db_subnet_group(
        DBSubnetGroupName=subnet_group, DBSubnetGroupDescription="demo", SubnetIds=subnets, Tags=ctx.tags
    )
    network = {"DBSubnetGroupName": subnet_group, "VpcSecurityGroupIds": [group]}
    for i in range(ctx.count):
        cluster = f"{ctx.prefix}-aurora-{i}"
        rds.create_db_cluster(
            DBClusterIdentifier=cluster,
            Engine="aurora-postgresql",
            MasterUsername="demo",
            MasterUserPassword=PASSWORD,
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
            Engine="postgres",
            DBInstanceClass="db.t3.micro",
            AllocatedStorage=20,
            MasterUsername="demo",
            MasterUserPassword=PASSWORD,
            Tags=ctx.tags,
            **network,
        )
    return {"AWS::RDS::DBCluster": ctx.count, "AWS::RDS::DBInstance": 2 * ctx.count}
