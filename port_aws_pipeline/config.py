"""The one configuration file: YAML, `${ENV}` interpolation, pydantic validation.

Errors are collected into `ConfigError` with one line per problem naming the key
and the fix, so the CLI can print them without a traceback.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field
from pydantic import PrivateAttr
from pydantic import ValidationError
from pydantic import field_validator
from pydantic import model_validator

from port_aws_pipeline.region_names import region_problem

DEFAULT_CONFIG_PATH = "port-aws.yaml"
CONFIG_ENV_VAR = "PORT_AWS_CONFIG"
OU_ID_PATTERN = re.compile(r"^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$")
ACCOUNT_ID_PATTERN = re.compile(r"^\d{12}$")
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class ConfigError(Exception):
    """Bad configuration: `problems` holds one actionable line per issue."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RegionPolicy(_Strict):
    """Deny wins; only allow set: only those; only deny: all others; both empty: all enabled."""

    allow: list[str] = Field(default_factory=list)
    deny: list[str] = Field(default_factory=list)

    @field_validator("allow", "deny")
    @classmethod
    def _real_region_names(cls, values: list[str], info) -> list[str]:
        problems = [region_problem("", v) for v in values]
        problems = [p for p in problems if p]
        if problems:
            raise ValueError("; ".join(problems))
        return values

    def allows(self, region: str) -> bool:
        return (not self.allow or region in self.allow) and region not in self.deny


class AwsSettings(_Strict):
    organization_role_arn: str | None = None
    member_role_name: str = "PortOceanReadRole"
    external_id: str | None = None
    target_ou_ids: list[str] = Field(default_factory=list)
    account_ids: list[str] = Field(default_factory=list)
    single_account: bool = False
    region_policy: RegionPolicy = Field(default_factory=RegionPolicy)
    max_concurrent_accounts: int = Field(default=8, ge=1, le=64)
    max_concurrent_kinds: int = Field(default=4, ge=1, le=32)
    #: Calls per second per account x region x service (a token bucket shared by the process, burst twice the
    #: rate), by botocore service name (`ec2`, `s3`, ...; `*` for every service not named). Unset services keep
    #: their AWS-documented read limit (`aws.limits.SERVICE_RATES`, 10/s for the others). A number sets every service.
    calls_per_second: dict[str, float] = Field(default_factory=dict)
    role_session_name: str = "port-aws-pipeline"

    @field_validator("calls_per_second", mode="before")
    @classmethod
    def _one_rate_for_every_service(cls, value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return {"*": value}
        if not isinstance(value, dict):
            raise ValueError(
                f"{value!r} is not a rate: give calls per second as a number for every service, or by service "
                "name, e.g. {ec2: 10, s3: 50, '*': 5}"
            )
        return value

    @field_validator("calls_per_second")
    @classmethod
    def _rates_are_sane(cls, rates: dict[str, float]) -> dict[str, float]:
        bad = {service: rate for service, rate in rates.items() if not 0 < rate <= 1000}
        if bad:
            raise ValueError(f"{bad}: each rate must be above 0 and at most 1000 calls per second")
        named = [s for s in rates if s != "*"]
        if named:
            import botocore.loaders  # only when services are named: the list comes from botocore's data files

            known = set(botocore.loaders.Loader().list_available_services("service-2"))
            unknown = sorted(set(named) - known)
            if unknown:
                hints = {s: difflib.get_close_matches(s, known, n=1) for s in unknown}
                hint = "; ".join(f"{s}: did you mean {m[0]}?" for s, m in hints.items() if m)
                raise ValueError(
                    f"{unknown} are not AWS service names; use botocore's names (ec2, s3, lambda, ...) or *"
                    + (f" ({hint})" if hint else "")
                )
        return rates

    @field_validator("target_ou_ids")
    @classmethod
    def _ou_ids_have_ou_form(cls, values: list[str]) -> list[str]:
        bad = [v for v in values if not OU_ID_PATTERN.match(v)]
        if bad:
            raise ValueError(
                f"{bad} is not an OU id; use the form ou-xxxx-xxxxxxxx "
                "from AWS Organizations > Organizational structure"
            )
        return values

    @field_validator("account_ids", mode="before")
    @classmethod
    def _account_ids_are_12_digits(cls, values: list[Any]) -> list[str]:
        values = [str(v).zfill(12) if isinstance(v, int) else v for v in values or []]
        bad = [v for v in values if not ACCOUNT_ID_PATTERN.match(str(v))]
        if bad:
            raise ValueError(f"{bad} is not a 12-digit AWS account id; quote ids in YAML so leading zeros survive")
        return values

    @field_validator("member_role_name")
    @classmethod
    def _role_name_not_arn(cls, value: str) -> str:
        if value.startswith("arn:") or "/" in value:
            raise ValueError("give the role name only (e.g. PortOceanReadRole), not an ARN or path")
        return value

    @field_validator("organization_role_arn")
    @classmethod
    def _org_role_is_arn(cls, value: str | None) -> str | None:
        if value and not re.match(r"^arn:aws[a-z-]*:iam::\d{12}:role/.+$", value):
            raise ValueError("must be a role ARN like arn:aws:iam::123456789012:role/PortOrganizationsReadRole")
        return value or None

    @model_validator(mode="after")
    def _one_account_source(self) -> AwsSettings:
        if self.single_account and (self.account_ids or self.target_ou_ids):
            raise ValueError(
                "single_account: true cannot be combined with account_ids or target_ou_ids; keep one of them"
            )
        if self.account_ids and self.target_ou_ids:
            raise ValueError("account_ids and target_ou_ids are alternatives; keep one of them")
        return self


class PortSettings(_Strict):
    base_url: str = "https://api.port.io"
    client_id: str = ""
    client_secret: str = ""
    #: Which environment variable each credential came from (env override or `${VAR}` in the file), so
    #: Dagster gets `dg.EnvVar(name)` and never the value; None: written literally in the file.
    _credential_env: dict[str, str] = PrivateAttr(default_factory=dict)
    request_timeout_seconds: float = Field(default=30.0, gt=0)
    max_retries: int = Field(default=8, ge=0, le=30)
    max_requests_per_second: float | None = Field(default=None, gt=0)

    @field_validator("base_url")
    @classmethod
    def _url_has_scheme(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with https:// (https://api.port.io for EU, https://api.us.port.io for US)")
        return value.rstrip("/")


class SafetySettings(_Strict):
    """Deletion guards: a read that looks like an outage must not empty the catalog."""

    max_scope_delete_fraction: float = Field(default=0.9, gt=0, le=1)
    max_account_loss_fraction: float = Field(default=0.5, gt=0, le=1)
    max_region_loss_fraction: float = Field(default=0.5, gt=0, le=1)


class ResyncSettings(_Strict):
    cron: str = "0 * * * *"
    sensor_interval_seconds: int = Field(default=300, ge=30)


class RunSettings(_Strict):
    """How a resync is cut into Dagster runs: ceil(partitions / max_partitions_per_run) ranged runs, plus one."""

    max_partitions_per_run: int = Field(default=100, ge=1, le=10000)


class StorageSettings(_Strict):
    """Where partition intermediates live: local files, or S3 when a bucket is set."""

    s3_bucket: str | None = None
    s3_prefix: str = "port-aws-pipeline"


class AppConfig(_Strict):
    aws: AwsSettings = Field(default_factory=AwsSettings)
    port: PortSettings = Field(default_factory=PortSettings)
    mapping: str | None = None
    blueprints: str | None = None
    safety: SafetySettings = Field(default_factory=SafetySettings)
    resync: ResyncSettings = Field(default_factory=ResyncSettings)
    run: RunSettings = Field(default_factory=RunSettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)


def resolve_config_path(path: str | os.PathLike | None) -> Path:
    return Path(path or os.environ.get(CONFIG_ENV_VAR) or DEFAULT_CONFIG_PATH)


def interpolate_env(value: Any, missing: list[str], where: str = "") -> Any:
    """Replace `${VAR}` in every string; unset variables are reported, not silently emptied."""
    if isinstance(value, dict):
        return {k: interpolate_env(v, missing, f"{where}.{k}" if where else str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate_env(v, missing, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, str):

        def substitute(match: re.Match) -> str:
            name = match.group(1)
            if name not in os.environ:
                missing.append(
                    f"{where}: environment variable {name} is not set; export it or write the value in the file"
                )
                return ""
            return os.environ[name]

        return _ENV_REF.sub(substitute, value)
    return value


def _apply_env_overrides(raw: dict) -> dict:
    port = raw.setdefault("port", {}) if isinstance(raw.get("port", {}), dict) else raw
    for key, env in (
        ("client_id", "PORT_CLIENT_ID"),
        ("client_secret", "PORT_CLIENT_SECRET"),
        ("base_url", "PORT_BASE_URL"),
    ):
        if os.environ.get(env):
            port[key] = os.environ[env]
    return raw


def _describe(error: dict) -> str:
    key = ".".join(str(p) for p in error["loc"]) or "(top level)"
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        guess = difflib.get_close_matches(str(error["loc"][-1]), _known_keys(error["loc"][:-1]), n=1)
        hint = f"did you mean {guess[0]}?" if guess else "check the spelling against the README's configuration table"
        message = f"unknown key; {hint}"
    return f"{key}: {message}"


def _known_keys(loc: tuple) -> list[str]:
    """The keys allowed where an unknown key was found (for a "did you mean")."""
    model: type[BaseModel] = AppConfig
    for part in loc:
        field = model.model_fields.get(str(part))
        annotation = getattr(field, "annotation", None)
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        model = annotation
    return list(model.model_fields)


def parse_config(raw: Any, source: str = "config") -> AppConfig:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError([f"{source}: the file must be a YAML mapping with keys aws, port, mapping"])
    missing: list[str] = []
    credential_env = _credential_env_names(raw)
    raw = interpolate_env(raw, missing)
    raw = _apply_env_overrides(raw)
    try:
        config = AppConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError([_describe(e) for e in exc.errors()] + missing) from None
    problems = [m for m in missing if not _overridden(m)]
    if problems:
        raise ConfigError(problems)
    config.port._credential_env = credential_env
    return config


def _credential_env_names(raw: dict) -> dict[str, str]:
    """`client_id` / `client_secret` -> the environment variable that supplies it, when one does."""
    port = raw.get("port") if isinstance(raw.get("port"), dict) else {}
    names = {}
    for key, env in (("client_id", "PORT_CLIENT_ID"), ("client_secret", "PORT_CLIENT_SECRET")):
        reference = _ENV_REF.fullmatch(str(port.get(key, "")).strip())
        if os.environ.get(env):
            names[key] = env
        elif reference:
            names[key] = reference.group(1)
    return names


def _overridden(problem: str) -> bool:
    """A `${PORT_CLIENT_ID}` left unset is fine when the env override supplies the key anyway."""
    return any(
        problem.startswith(f"port.{key}:") and os.environ.get(env)
        for key, env in (
            ("client_id", "PORT_CLIENT_ID"),
            ("client_secret", "PORT_CLIENT_SECRET"),
            ("base_url", "PORT_BASE_URL"),
        )
    )


def load_config(path: str | os.PathLike | None = None, *, require_file: bool = False) -> AppConfig:
    """Load the config file; without one, defaults plus env overrides apply."""
    config_path = resolve_config_path(path)
    if not config_path.exists():
        if path or os.environ.get(CONFIG_ENV_VAR):
            source = "--config" if path else CONFIG_ENV_VAR
            raise ConfigError(
                [f"{source}: {config_path} does not exist; fix the path, or create it with `port-aws-pipeline init`"]
            )
        if require_file:
            raise ConfigError(
                [
                    f"no configuration file: neither --config, {CONFIG_ENV_VAR} nor ./{DEFAULT_CONFIG_PATH}; "
                    "create one with `port-aws-pipeline init` (a commented starter), then edit it"
                ]
            )
        return parse_config({}, str(config_path))
    try:
        raw = yaml.safe_load(config_path.read_text())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ConfigError([f"{config_path}{where}: not valid YAML ({getattr(exc, 'problem', exc)})"]) from None
    return parse_config(raw, str(config_path))


def require_port_credentials(config: AppConfig) -> None:
    problems = [
        f"port.{key}: empty; set {env} or write it in the config file (Port > Settings > Credentials)"
        for key, env in (("client_id", "PORT_CLIENT_ID"), ("client_secret", "PORT_CLIENT_SECRET"))
        if not getattr(config.port, key)
    ]
    if problems:
        raise ConfigError(problems)
