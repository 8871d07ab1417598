"""Dagster resources, typed and built in `definitions.py` from the one loaded config.

`PortResource` holds the Port connection with its credentials as `dg.EnvVar` (Dagster
resolves them in the run process and shows only the variable's name in the UI);
`PipelineSettings` points at the config file for what is not a secret (mapping,
blueprints, AWS and safety settings).
"""

from __future__ import annotations

from functools import cached_property

import dagster as dg

from port_aws_pipeline.config import AppConfig
from port_aws_pipeline.config import PortSettings
from port_aws_pipeline.config import load_config
from port_aws_pipeline.config import require_port_credentials
from port_aws_pipeline.port.blueprints import load_blueprints
from port_aws_pipeline.port.client import PortClient
from port_aws_pipeline.port.mapping import Mapping
from port_aws_pipeline.port.mapping import load_mapping


class PipelineSettings(dg.ConfigurableResource):
    """Points at the YAML config (`--config`, else `PORT_AWS_CONFIG`, else ./port-aws.yaml)."""

    config_path: str | None = None

    @cached_property
    def app_config(self) -> AppConfig:
        return load_config(self.config_path)

    @cached_property
    def mapping(self) -> Mapping:
        return load_mapping(self.app_config.mapping)

    @cached_property
    def blueprint_definitions(self) -> list[dict]:
        return load_blueprints(self.app_config.blueprints)


class PortResource(dg.ConfigurableResource):
    """The Port API: base URL, credentials (as `dg.EnvVar` wherever the config took them from the environment)."""

    base_url: str
    client_id: str
    client_secret: str
    request_timeout_seconds: float = 30.0
    max_retries: int = 8
    max_requests_per_second: float | None = None

    @classmethod
    def from_settings(cls, port: PortSettings) -> PortResource:
        secrets = {field: dg.EnvVar(name) for field, name in port._credential_env.items()}
        return cls(**{**port.model_dump(), **secrets})

    def client(self) -> PortClient:
        settings = PortSettings(**{field: getattr(self, field) for field in PortSettings.model_fields})
        require_port_credentials(AppConfig(port=settings))
        return PortClient(settings)
