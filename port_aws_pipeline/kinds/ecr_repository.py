"""AWS::ECR::Repository: DescribeRepositories pages; aws-v3's optional includeActions per repository.

aws-v3's RepositoryProperties: the camelCase fields under PascalCase names. Tags
(`[{Key, Value}]`) only with ListTagsForResourceAction, read here in one tagging-API
listing instead of one call per repository; policies with their own actions.
"""

from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError

from port_aws_pipeline.kinds.base import (
    ClientProvider,
    Properties,
    RawItem,
    ReadContext,
    ResourceKind,
    paginate,
    tags_by_arn,
)

POLICY_ACTION = "GetRepositoryPolicyAction"
LIFECYCLE_ACTION = "GetLifecyclePolicyAction"
TAGS_ACTION = "ListTagsForResourceAction"
RECOVERABLE = {
    "AccessDenied",
    "AccessDeniedException",
    "RepositoryNotFoundException",
    "RepositoryPolicyNotFoundException",
    "LifecyclePolicyNotFoundException",
}
FIELDS = {
    name: name[:1].upper() + name[1:]
    for name in (
        "repositoryName",
        "repositoryArn",
        "repositoryUri",
        "registryId",
        "createdAt",
        "imageTagMutability",
        "imageScanningConfiguration",
        "encryptionConfiguration",
        "lifecyclePolicy",
        "repositoryPolicyText",
        "tags",
    )
}


def _or_none(call):
    try:
        return call()
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in RECOVERABLE:
            return None
        raise


def repository_policy(ecr, repo: dict) -> str | None:
    answer = _or_none(lambda: ecr.get_repository_policy(repositoryName=repo["repositoryName"]))
    return None if answer is None else answer.get("policyText")


def lifecycle_policy(ecr, repo: dict) -> dict | None:
    answer = _or_none(lambda: ecr.get_lifecycle_policy(repositoryName=repo["repositoryName"]))
    return None if answer is None else {k: v for k, v in answer.items() if k != "ResponseMetadata"}


def fetch_repositories(clients: ClientProvider, ctx: ReadContext) -> list[RawItem]:
    ecr = clients.client("ecr", ctx.region)
    repos = paginate(ecr, "describe_repositories", "repositories")
    if not repos:
        return []
    with ThreadPoolExecutor(max_workers=8) as pool:
        if POLICY_ACTION in ctx.actions:
            policies = list(pool.map(lambda r: repository_policy(ecr, r), repos))
            repos = [{**r, "repositoryPolicyText": p} for r, p in zip(repos, policies, strict=True)]
        if LIFECYCLE_ACTION in ctx.actions:
            lifecycles = list(pool.map(lambda r: lifecycle_policy(ecr, r), repos))
            repos = [{**r, "lifecyclePolicy": p} for r, p in zip(repos, lifecycles, strict=True)]
    if TAGS_ACTION in ctx.actions:
        tags = tags_by_arn(clients, ctx.region, "ecr:repository")
        repos = [{**r, "tags": tags.get(r["repositoryArn"], [])} for r in repos]
    return repos


def shape_repository(item: RawItem, ctx: ReadContext) -> Properties:
    return {key: item[field] for field, key in FIELDS.items() if field in item}


KIND = ResourceKind(
    "AWS::ECR::Repository",
    "ecr",
    fetch_repositories,
    shape_repository,
    iam_actions=("ecr:DescribeRepositories",),
    optional_actions={
        POLICY_ACTION: ("ecr:GetRepositoryPolicy",),
        LIFECYCLE_ACTION: ("ecr:GetLifecyclePolicy",),
        TAGS_ACTION: ("tag:GetResources",),
    },
)
