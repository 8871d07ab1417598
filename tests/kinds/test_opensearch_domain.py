"""AWS::OpenSearchService::Domain: recorded DescribeDomains items (VPC and public), a moto read, the mapping to
VPC, subnets and security groups."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import efs
from port_aws_pipeline.devtools.seeding import opensearch
from port_aws_pipeline.kinds.opensearch_domain import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import assert_fields
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import moto_records

NAME = "opensearch_domain"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}]


def test_fixture_shapes_domain_status():
    shaped = fixture_shapes(KIND, NAME)
    vpc_domain, public = shaped
    assert_fields(
        vpc_domain,
        {
            "DomainId": str,
            "DomainName": str,
            "ARN": str,
            "Created": bool,
            "Deleted": bool,
            "Endpoints": dict,
            "Processing": bool,
            "EngineVersion": str,
            "ClusterConfig": dict,
            "EBSOptions": dict,
            "AccessPolicies": str,
            "VPCOptions": dict,
            "EncryptionAtRestOptions": dict,
            "NodeToNodeEncryptionOptions": dict,
            "AdvancedOptions": dict,
            "DomainEndpointOptions": dict,
            "AdvancedSecurityOptions": dict,
            "Arn": str,
            "Tags": list,
        },
    )
    assert vpc_domain["Arn"] == vpc_domain["ARN"] and type(vpc_domain["ClusterConfig"]["InstanceCount"]) is int
    assert type(vpc_domain["EBSOptions"]["VolumeSize"]) is int
    assert vpc_domain["VPCOptions"]["SecurityGroupIds"] == ["sg-0search00000000001"]
    assert "indices.fielddata.cache.size" in vpc_domain["AdvancedOptions"]  # option names kept verbatim
    assert vpc_domain["Tags"] == [{"Key": "team", "Value": "observability"}]
    assert (
        public["Endpoint"].startswith("search-")
        and "VPCOptions" not in public
        and public["EngineVersion"].startswith("Elasticsearch")
    )


def test_permissions():
    assert set(KIND.iam_actions) == {"es:ListDomainNames", "es:DescribeDomains", "tag:GetResources"}


def test_moto_reads_seeded_domains(aws):
    session = account_session(ACCOUNT, REGION)
    assert opensearch.seed(SeedContext(session, ACCOUNT, REGION, "t", 2, TAGS)) == {KIND.kind: 2}
    subnet_id, group_id = efs.default_network(session)
    records = moto_records(KIND, region=REGION)
    assert sorted(r["Properties"]["DomainName"] for r in records) == ["t-search-0", "t-search-1"]
    domain = records[0]["Properties"]
    assert domain["Arn"] == f"arn:aws:es:{REGION}:{ACCOUNT}:domain/{domain['DomainName']}"
    assert domain["EngineVersion"] == "OpenSearch_2.11"
    assert domain["VPCOptions"]["SubnetIds"] == [subnet_id] and domain["VPCOptions"]["SecurityGroupIds"] == [group_id]
    # moto's tagging API does not cover OpenSearch domains: tags come back empty there (real AWS lists es:domain).
    assert domain["Tags"] == []


def test_default_mapping_relates_vpc_subnets_and_security_groups():
    entities = mapped_to_blueprint(KIND, NAME, "awsOpenSearchDomain")
    vpc_domain, public = entities
    assert (
        vpc_domain.identifier == f"arn:aws:es:{REGION}:{ACCOUNT}:domain/logs-prod" and vpc_domain.title == "logs-prod"
    )
    assert vpc_domain.relations == {
        "account": ACCOUNT,
        "vpc": "vpc-0123456789abcdef0",
        "subnets": ["subnet-0aaa1111bbbb2222c", "subnet-0ddd3333eeee4444f", "subnet-0ggg5555hhhh6666i"],
        "securityGroups": ["sg-0search00000000001"],
    }
    assert vpc_domain.properties["endpoint"] == "vpc-logs-prod-abc123def456.eu-west-1.es.amazonaws.com"
    assert vpc_domain.properties["instanceCount"] == 3 and vpc_domain.properties["enforceHttps"] is True
    assert public.relations == {"account": ACCOUNT, "vpc": None, "subnets": [], "securityGroups": []}
    assert public.properties["endpoint"].startswith("search-legacy-search") and public.properties["tags"] == {}
