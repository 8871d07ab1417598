"""AWS::ECR::Repository: DescribeRepositories pages; aws-v3's optional includeActions per repository.

aws-v3's RepositoryProperties: the camelCase fields under PascalCase names. Tags
(`[{Key, Value}]`) only with ListTagsForResourceAction, read here in one tagging-API
listing instead of one call per repository; policies with their own actions.
"""

from port_aws_pipeline.kinds.base import DENIED
from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import Properties
from port_aws_pipeline.kinds.base import RawItem
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.kinds.base import pascal_fields
from port_aws_pipeline.kinds.base import per_item
from port_aws_pipeline.kinds.base import set_each
from port_aws_pipeline.kinds.base import with_region_tags
from port_aws_pipeline.kinds.base import without_metadata

POLICY_ACTION = "GetRepositoryPolicyAction"
LIFECYCLE_ACTION = "GetLifecyclePolicyAction"
TAGS_ACTION = "ListTagsForResourceAction"
RECOVERABLE = DENIED | {
    "RepositoryNotFoundException",
    "RepositoryPolicyNotFoundException",
    "LifecyclePolicyNotFoundException",
}
FIELDS = (
    "repositoryName", "repositoryArn", "repositoryUri", "registryId", "createdAt", "imageTagMutability",
    "imageScanningConfiguration", "encryptionConfiguration", "lifecyclePolicy", "repositoryPolicyText", "tags",
)  # fmt: skip

IAM_ACTIONS = ("ecr:DescribeRepositories",)
OPTIONAL_ACTIONS = {
    POLICY_ACTION: ("ecr:GetRepositoryPolicy",),
    LIFECYCLE_ACTION: ("ecr:GetLifecyclePolicy",),
    TAGS_ACTION: ("tag:GetResources",),
}


def repository_policy(ecr, repo: dict) -> str | None:
    return ecr.get_repository_policy(repositoryName=repo["repositoryName"]).get("policyText")


def lifecycle_policy(ecr, repo: dict) -> dict:
    return without_metadata(ecr.get_lifecycle_policy(repositoryName=repo["repositoryName"]))


def fetch_repositories(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    ecr = clients.client("ecr", ctx.region)
    repos = paginate(ecr, "describe_repositories", "repositories")
    if POLICY_ACTION in ctx.actions:
        policies = per_item(lambda r: repository_policy(ecr, r), repos, tolerated=RECOVERABLE)
        repos = set_each(repos, "repositoryPolicyText", policies)
    if LIFECYCLE_ACTION in ctx.actions:
        lifecycles = per_item(lambda r: lifecycle_policy(ecr, r), repos, tolerated=RECOVERABLE)
        repos = set_each(repos, "lifecyclePolicy", lifecycles)
    if TAGS_ACTION in ctx.actions:
        repos = with_region_tags(clients, ctx.region, "ecr:repository", repos, "repositoryArn", key="tags")
    return repos


def shape_repository(item: RawItem, ctx: ReadContext) -> Properties:
    return pascal_fields(item, FIELDS)


KIND = ResourceKind("AWS::ECR::Repository", "ecr", fetch_repositories, shape_repository, IAM_ACTIONS, OPTIONAL_ACTIONS)
