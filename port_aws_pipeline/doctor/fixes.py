"""Fix texts doctor prints: credential sources in words, trust policies, where to get credentials."""

from __future__ import annotations

import json

MEMBER_ROLE_TEMPLATE = "deploy/cloudformation/port-ocean-read-role.yaml"
MEMBER_ROLE_STACKSET = "deploy/cloudformation/port-ocean-read-role-stackset.yaml"
ORG_ROLE_TEMPLATE = "deploy/cloudformation/port-organizations-role.yaml"

#: `Credentials.method` from botocore's default chain, in words.
CREDENTIAL_SOURCES = {
    "env": "environment variables (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)",
    "explicit": "keys passed explicitly to the session",
    "shared-credentials-file": "shared credentials file (~/.aws/credentials, AWS_PROFILE)",
    "config-file": "keys in ~/.aws/config (AWS_PROFILE)",
    "custom-process": "credential_process of a profile in ~/.aws/config",
    "assume-role": "role assumed by a profile (role_arn in ~/.aws/config)",
    "assume-role-with-web-identity": "web identity token (EKS IRSA: AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE)",
    "sso": "AWS IAM Identity Center (SSO) profile",
    "container-role": "ECS task role (container credentials endpoint)",
    "iam-role": "EC2 instance profile (instance metadata service)",
    "boto2-config": "boto2 config file",
    "none": "no credentials",
}
NO_CREDENTIALS_FIX = (
    "give the pipeline AWS credentials: locally `export AWS_PROFILE=<profile>` (after `aws sso login` for SSO) or "
    "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; on ECS set the task definition's taskRoleArn (PortOceanTaskRole); "
    "on EC2 attach the instance profile PortOceanInstanceRole (hop limit 2 for containers); on EKS annotate the "
    "service account with eks.amazonaws.com/role-arn (IRSA)"
)
ORG_ACCESS_FIX = (
    "Organizations answers only the management account or a delegated administrator: set aws.organization_role_arn "
    f"to PortOrganizationsReadRole in the management account ({ORG_ROLE_TEMPLATE}); the identity calling "
    "Organizations needs organizations:List* and organizations:Describe*"
)
PORT_CREDENTIALS_FIX = (
    "copy a client id and secret from Port > Settings > Credentials into PORT_CLIENT_ID / PORT_CLIENT_SECRET "
    "(they override port.client_id / port.client_secret in the file); credentials only work on their own region's "
    "API: port.base_url https://api.port.io (EU) or https://api.us.port.io (US), or PORT_BASE_URL"
)
PORT_BLUEPRINTS_FIX = (
    "the Port credentials cannot read blueprints: use an organization admin's credentials "
    "(Port > Settings > Credentials)"
)


def credential_source_name(method: str) -> str:
    return CREDENTIAL_SOURCES.get(method, method)


def trust_principal(caller_arn: str) -> str:
    """The ARN a trust policy names: the role behind an assumed-role session, else the identity itself."""
    parts = caller_arn.split(":", 5)
    partition, account, resource = parts[1], parts[4], parts[5]
    if resource.startswith("assumed-role/"):
        return f"arn:{partition}:iam::{account}:role/{resource.split('/')[1]}"
    return f"arn:{partition}:iam::{account}:{resource}"


def trust_policy(principal: str, external_id: str | None) -> dict:
    """The trust policy statement a role needs so the pipeline's identity may assume it."""
    statement: dict = {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}
    if external_id:
        statement["Condition"] = {"StringEquals": {"sts:ExternalId": external_id}}
    return {"Version": "2012-10-17", "Statement": [statement]}


def _sso_note(principal: str) -> str:
    if ":role/AWSReservedSSO_" in principal:
        return (
            "; SSO roles live under a path: use .../role/aws-reserved/sso.amazonaws.com/<name> "
            "(aws iam get-role shows it)"
        )
    return ""


def trust_fix(role_desc: str, principal: str, external_id: str | None, template: str, extra: str = "") -> str:
    """Which trust policy to apply, as JSON, and which template deploys it."""
    params = f"TrustedPrincipalArn={principal}" + (f" ExternalId={external_id}" if external_id else "")
    snippet = json.dumps(trust_policy(principal, external_id), indent=2)
    return (
        f"{role_desc} must trust the pipeline's identity {principal}{_sso_note(principal)}. Trust policy:\n{snippet}\n"
        f"Deploy it with {template} ({params}){extra}; the identity itself also needs permission for "
        "sts:AssumeRole on that role."
    )
