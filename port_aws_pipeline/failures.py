"""The one error classifier: permanent (fail fast, no retries) or transient (retry), with cause and fix.

Every layer that decides whether to retry asks `diagnose`: the Port client, the
Dagster assets (RetryPolicy vs `Failure(allow_retries=False)`), the CLI's last lines
and doctor. A permanent failure retried only wastes minutes and hides its cause.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass

from botocore.exceptions import ClientError
from botocore.exceptions import ConnectTimeoutError
from botocore.exceptions import EndpointConnectionError
from botocore.exceptions import NoCredentialsError
from botocore.exceptions import NoRegionError
from botocore.exceptions import PartialCredentialsError
from botocore.exceptions import ReadTimeoutError

from port_aws_pipeline.config import ConfigError
from port_aws_pipeline.port.errors import PortApiError

PORT_REGIONS_HINT = "EU https://api.port.io, US https://api.us.port.io"
AWS_TRANSIENT_CODES = {
    "Throttling",
    "ThrottlingException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
    "RequestThrottled",
    "ServiceUnavailable",
    "InternalError",
    "InternalFailure",
    "SlowDown",
    "RequestTimeout",
    "RequestTimeoutException",
}
ORGANIZATIONS_PERMANENT = {
    "AccessDeniedException": "the identity may not read AWS Organizations",
    "AccessDenied": "the identity may not read AWS Organizations",
    "AWSOrganizationsNotInUseException": "this account is not part of an AWS Organization",
}


@dataclass(frozen=True)
class Diagnosis:
    permanent: bool
    cause: str
    fix: str
    code: str = ""

    def lines(self) -> list[str]:
        return [f"cause: {self.cause}", f"fix: {self.fix}"]


class PortUnreachable(Exception):
    """Port's base_url cannot be reached: DNS failure, refused or timed-out connections."""

    def __init__(self, base_url: str, reason: str, *, dns: bool = False, transient: bool = False):
        super().__init__(f"cannot reach the Port API at {base_url}: {reason}")
        self.base_url = base_url
        self.reason = reason
        self.dns = dns
        self.transient = transient


def is_dns_failure(exc: BaseException) -> bool:
    """requests/urllib3 wrap socket.gaierror; walk the chain (and the text, as urllib3 flattens it)."""
    seen = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror) or "NameResolutionError" in type(seen).__name__:
            return True
        seen = seen.__cause__ or seen.__context__
    text = str(exc)
    return "Name or service not known" in text or "Failed to resolve" in text or "nodename nor servname" in text


def diagnose(exc: BaseException) -> Diagnosis:
    """Classify once. Unknown errors are transient: Dagster's RetryPolicy gets a chance."""
    if isinstance(exc, ConfigError):
        return Diagnosis(
            True, "; ".join(exc.problems), "correct the configuration (see the README's configuration table)", "config"
        )
    if isinstance(exc, PortUnreachable):
        what = "its host name does not resolve" if exc.dns else exc.reason
        return Diagnosis(
            not exc.transient,
            f"cannot reach the Port API at {exc.base_url}: {what}",
            f"check port.base_url / PORT_BASE_URL ({PORT_REGIONS_HINT}) and this machine's network or proxy",
            "port_unreachable",
        )
    if isinstance(exc, PortApiError):
        return _diagnose_port(exc)
    if isinstance(exc, (NoCredentialsError, PartialCredentialsError)):
        return Diagnosis(
            True,
            f"no AWS credentials were found ({type(exc).__name__})",
            "set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run with an ECS task, EC2 "
            "instance or IRSA role",
            "NoCredentials",
        )
    if isinstance(exc, NoRegionError):
        return Diagnosis(True, "no AWS region configured", "set AWS_DEFAULT_REGION", "NoRegion")
    if isinstance(exc, EndpointConnectionError):
        return Diagnosis(
            True,
            f"cannot reach the AWS endpoint {getattr(exc, 'kwargs', {}).get('endpoint_url', '')}".strip(),
            "check network access to AWS (VPC endpoints, proxy, AWS_ENDPOINT_URL); the credentials were not tried",
            "EndpointConnectionError",
        )
    if isinstance(exc, (ConnectTimeoutError, ReadTimeoutError)):
        return Diagnosis(
            False, f"AWS did not answer in time ({type(exc).__name__})", "retried automatically", "Timeout"
        )
    if isinstance(exc, ClientError):
        return _diagnose_aws(exc)
    return Diagnosis(
        False,
        f"{type(exc).__name__}: {exc}",
        "retried automatically; run: port-aws-pipeline doctor",
        type(exc).__name__,
    )


def _diagnose_port(exc) -> Diagnosis:
    base = exc.base_url or "the Port API"
    if exc.status in (401, 403):
        return Diagnosis(
            True,
            f"Port rejected the client credentials ({exc.status}) at {base}",
            "check PORT_CLIENT_ID / PORT_CLIENT_SECRET (Port > Settings > Credentials) and that "
            f"port.base_url is your Port region ({PORT_REGIONS_HINT})",
            f"port_{exc.status}",
        )
    if exc.status == 404 and exc.route == "POST /v1/auth/access_token":
        return Diagnosis(
            True,
            f"{base} does not serve the Port API (404 on /v1/auth/access_token)",
            f"set port.base_url to the API host ({PORT_REGIONS_HINT}), not the web app",
            "port_404",
        )
    if exc.status in (429,) or exc.status >= 500:
        return Diagnosis(
            False,
            f"Port answered {exc.status} on {exc.route} after retries",
            "retried automatically",
            f"port_{exc.status}",
        )
    return Diagnosis(
        True,
        f"Port refused {exc.route} ({exc.status}): {exc.message}",
        "check the blueprints and mapping named in the message",
        f"port_{exc.status}",
    )


def _diagnose_aws(exc: ClientError) -> Diagnosis:
    error = exc.response.get("Error", {})
    code = error.get("Code", "ClientError")
    message = error.get("Message", "")
    operation = getattr(exc, "operation_name", "")
    service = exc.response.get("ResponseMetadata", {}).get("ServiceName", "")
    if code in AWS_TRANSIENT_CODES:
        return Diagnosis(False, f"AWS throttled or failed {operation} ({code})", "retried automatically", code)
    if code in ORGANIZATIONS_PERMANENT and (
        operation.startswith(
            ("ListAccounts", "ListRoots", "ListOrganizational", "DescribeOrganization", "ListParents", "ListChildren")
        )
        or "organizations" in service.lower()
    ):
        fix = (
            "run with the management account or a delegated administrator, or set aws.organization_role_arn"
            if "AccessDenied" in code
            else "set aws.single_account: true or list aws.account_ids"
        )
        return Diagnosis(True, f"{ORGANIZATIONS_PERMANENT[code]} ({code} on {operation})", fix, code)
    if code in (
        "InvalidClientTokenId",
        "UnrecognizedClientException",
        "SignatureDoesNotMatch",
        "ExpiredToken",
        "ExpiredTokenException",
        "AuthFailure",
    ):
        return Diagnosis(
            True,
            f"AWS rejected the credentials ({code}: {message})",
            "check AWS_PROFILE / the keys / the task or instance role, and the machine clock",
            code,
        )
    if code in ("AccessDenied", "AccessDeniedException", "UnauthorizedOperation"):
        return Diagnosis(
            True,
            f"AWS denied {operation} ({code}: {message})",
            "grant the read permission (ReadOnlyAccess on the role) or fix the trust policy",
            code,
        )
    return Diagnosis(
        False, f"{code} on {operation}: {message}", "retried automatically; run: port-aws-pipeline doctor", code
    )
