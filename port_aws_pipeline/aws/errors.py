"""Turn AWS exceptions into a code, a message and a hint a platform engineer can act on."""

from __future__ import annotations

from botocore.exceptions import BotoCoreError
from botocore.exceptions import ClientError

from port_aws_pipeline.models import SyncError

_NO_READ = "the assumed role lacks read permission here; attach ReadOnlyAccess (or `port-aws-pipeline iam-policy`) to "
_THROTTLED = "AWS throttled the reads even after adaptive retries; lower aws.max_concurrent_kinds"
_MISSING_OU = "an OU in aws.target_ou_ids does not exist; copy the id from AWS Organizations > Organizational structure"
_EXPIRED = "credentials expired; check the clock and that the base credentials can still assume the role"
HINTS = {
    "AccessDenied": _NO_READ + "{role}, and check SCPs for this account and region",
    "AccessDeniedException": _NO_READ + "{role}, and check SCPs for this account and region",
    "UnauthorizedOperation": _NO_READ + "{role}",
    "AssumeRoleDenied": "create {role} in this account (deploy/cloudformation/port-ocean-read-role.yaml) "
    "and let the pipeline's identity assume it in its trust policy",
    "AWSOrganizationsNotInUseException": "this account is not in an organization; "
    "set aws.single_account: true or list aws.account_ids",
    "ParentNotFoundException": _MISSING_OU,
    "TargetNotFoundException": _MISSING_OU,
    "Throttling": _THROTTLED + " or aws.max_concurrent_accounts",
    "ThrottlingException": _THROTTLED + " or aws.max_concurrent_accounts",
    "RequestLimitExceeded": _THROTTLED,
    "ExpiredToken": _EXPIRED,
    "ExpiredTokenException": _EXPIRED,
    "InvalidClientTokenId": "the base credentials are not valid in this partition; "
    "check AWS_PROFILE / the task or instance role",
    "OptInRequired": "the region is not enabled for this account; enable it or add it to aws.region_policy.deny",
    "AuthFailure": "the region is not enabled for this account or the credentials are wrong; "
    "add it to aws.region_policy.deny if unused",
    "NoCredentials": "no AWS credentials found; set AWS_PROFILE, env keys, or run with a task/instance/IRSA role",
}


def describe_error(
    exc: BaseException, *, account_id: str, region: str, kind: str, role: str = "the member role"
) -> SyncError:
    if isinstance(exc, ClientError):
        code = exc.response.get("Error", {}).get("Code", "ClientError")
        message = exc.response.get("Error", {}).get("Message", str(exc))
    elif isinstance(exc, BotoCoreError):
        code = type(exc).__name__.replace("Error", "") or "BotoCoreError"
        message = str(exc)
    else:
        code = type(exc).__name__
        message = str(exc)
    hint = HINTS.get(code, "")
    return SyncError(
        account_id=account_id, region=region, kind=kind, code=code, message=message, hint=hint.format(role=role)
    )


def assume_role_error(exc: BaseException, *, account_id: str, role_arn: str) -> SyncError:
    """A failed AssumeRole is always the trust policy or a missing role; say so."""
    error = describe_error(exc, account_id=account_id, region="*", kind="sts:AssumeRole", role=role_arn)
    if error.code in ("AccessDenied", "AccessDeniedException"):
        error.hint = HINTS["AssumeRoleDenied"].format(role=role_arn)
    return error
