"""AWS::ECR::Repository: recorded items (aws-v3 includeActions on), moto reads, the default mapping."""

import json

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import ecr as ecr_seeder
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.ecr_repository import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import assert_fits_blueprint
from tests.kinds.helpers import assert_types
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import fragment
from tests.kinds.helpers import load_fixture
from tests.kinds.helpers import mapped
from tests.kinds.helpers import moto_clients
from tests.kinds.helpers import moto_records

NAME = "ecr_repository"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "test"}]
ACTIONS = ["GetRepositoryPolicyAction", "GetLifecyclePolicyAction", "ListTagsForResourceAction"]
#: aws-v3's RepositoryProperties, by alias (its dump's keys).
AWS_V3_TYPES = {
    "RepositoryName": str, "RepositoryArn": str, "RepositoryUri": str, "RegistryId": str, "CreatedAt": str,
    "ImageTagMutability": str, "ImageScanningConfiguration": dict, "EncryptionConfiguration": dict,
    "LifecyclePolicy": dict, "RepositoryPolicyText": str, "Tags": list,
}  # fmt: skip


class EcrTagsListed:
    """moto clients, but the tagging API (which moto does not feed from ECR) answers from ECR's own tags."""

    def __init__(self, clients):
        self.account_id, self.partition = clients.account_id, clients.partition
        self._clients = clients
        self.tag_listings = 0

    def client(self, service, region):
        if service != "resourcegroupstaggingapi":
            return self._clients.client(service, region)
        ecr, outer = self._clients.client("ecr", region), self

        class Paginator:
            def paginate(self, ResourceTypeFilters):
                assert ResourceTypeFilters == ["ecr:repository"]
                outer.tag_listings += 1
                arns = [r["repositoryArn"] for r in ecr.describe_repositories()["repositories"]]
                tags = {arn: ecr.list_tags_for_resource(resourceArn=arn)["tags"] for arn in arns}
                mappings = [{"ResourceARN": arn, "Tags": t} for arn, t in tags.items() if t]
                return iter([{"ResourceTagMappingList": mappings}])

        return type("Tagging", (), {"get_paginator": lambda self, name: Paginator()})()


def test_fixture_shapes_aws_v3_repository_properties():
    shaped = fixture_shapes(KIND, NAME, types=AWS_V3_TYPES)  # imageTagMutabilityExclusionFilters: not in aws-v3's model
    api, base = shaped
    assert api["RepositoryArn"] == f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/shop/api"
    assert api["Tags"] == [{"Key": "team", "Value": "shop"}, {"Key": "env", "Value": "prod"}]  # [{Key, Value}]
    assert json.loads(api["RepositoryPolicyText"])["Statement"][0]["Sid"] == "ci-pull"  # the policy as text
    assert json.loads(api["LifecyclePolicy"]["lifecyclePolicyText"])["rules"][0]["rulePriority"] == 1
    assert "ResponseMetadata" not in api["LifecyclePolicy"]
    assert api["ImageScanningConfiguration"] == {"scanOnPush": True}
    assert base["RepositoryPolicyText"] is None and base["LifecyclePolicy"] is None and base["Tags"] == []


def test_without_include_actions_repositories_are_described_only():
    fixture = load_fixture(NAME)
    ctx = ReadContext(ACCOUNT, REGION, "aws", (REGION,), KIND.actions_for(None))
    assert ctx.actions == frozenset()  # aws-v3 runs only DescribeRepositories unless asked
    bare = {
        k: v for k, v in fixture["items"][1].items() if k not in ("repositoryPolicyText", "lifecyclePolicy", "tags")
    }
    assert set(KIND.shape(bare, ctx)) == {
        "RepositoryName", "RepositoryArn", "RepositoryUri", "RegistryId", "CreatedAt", "ImageTagMutability",
        "ImageScanningConfiguration", "EncryptionConfiguration",
    }  # fmt: skip


def test_moto_reads_repositories_with_policies_and_tags_in_one_listing(aws):
    session = account_session(ACCOUNT, REGION)
    ecr_seeder.seed(SeedContext(session, ACCOUNT, REGION, "t", 2, TAGS))
    ecr = session.client("ecr")
    rule = {"rulePriority": 1, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 50}}
    lifecycle = json.dumps({"rules": [{**rule, "action": {"type": "expire"}}]})
    ecr.put_lifecycle_policy(repositoryName="t/app-0", lifecyclePolicyText=lifecycle)
    statement = {"Sid": "pull", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}
    policy = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    ecr.set_repository_policy(repositoryName="t/app-1", policyText=policy)

    records = moto_records(KIND, region=REGION, actions=ACTIONS[:2])
    by_name = {r["Properties"]["RepositoryName"]: r["Properties"] for r in records}
    assert set(by_name) == {"t/app-0", "t/app-1"}
    assert by_name["t/app-0"]["LifecyclePolicy"]["lifecyclePolicyText"] == lifecycle
    assert by_name["t/app-0"]["RepositoryPolicyText"] is None  # RepositoryPolicyNotFoundException: null, not a failure
    assert json.loads(by_name["t/app-1"]["RepositoryPolicyText"]) == json.loads(policy)
    assert by_name["t/app-1"]["LifecyclePolicy"] is None
    assert by_name["t/app-1"]["ImageTagMutability"] == "IMMUTABLE"
    for record in records:
        props = record["Properties"]
        assert record["Type"] == "AWS::ECR::Repository" and record["__Region"] == REGION
        assert props["RepositoryUri"] == f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/{props['RepositoryName']}"
        assert props["ImageScanningConfiguration"] == {"scanOnPush": True} and "Tags" not in props
        assert_types(props, AWS_V3_TYPES)

    clients = EcrTagsListed(moto_clients(region=REGION))
    ctx = ReadContext(ACCOUNT, REGION, "aws", (REGION,), KIND.actions_for(["ListTagsForResourceAction"]))
    tagged = [KIND.shape(item, ctx) for item in KIND.fetch(clients, ctx)]
    assert clients.tag_listings == 1 and [r["Tags"] for r in tagged] == [TAGS, TAGS]
    assert all("LifecyclePolicy" not in r for r in tagged)


def test_default_mapping_builds_repository_entities():
    api, base = mapped(KIND, NAME)
    assert api.identifier == f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/shop/api" and api.title == "shop/api"
    assert api.properties["tags"] == {"team": "shop", "env": "prod"} and base.properties["tags"] == {}
    assert api.properties["scanOnPush"] is True and base.properties["scanOnPush"] is False
    assert api.properties["encryptionType"] == "KMS" and api.properties["imageTagMutability"] == "IMMUTABLE"
    assert api.properties["repositoryUri"] == f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/shop/api"
    selector = fragment(NAME)["resources"][0]["selector"]
    assert selector["includeActions"] == ["ListTagsForResourceAction"]  # aws-v3 gives ECR tags only when asked
    for entity in (api, base):
        assert entity.relations == {"account": ACCOUNT}
        assert_fits_blueprint(entity, fragment(NAME)["blueprints"][0])
