"""The registry of resource kinds: one module per kind, each exporting `KIND`, found by name.

Modules are discovered in this package, so a new kind is one new file (plus its
default fragment under `defaults/kinds/` and its fixture test). A type that no module
implements is read through AWS Cloud Control (`kinds.cloudcontrol`).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import cache

from port_aws_pipeline.kinds.base import ClientProvider
from port_aws_pipeline.kinds.base import ReadContext
from port_aws_pipeline.kinds.base import ResourceKind

#: Written by the organization step from discovery, never read per partition.
ACCOUNT_KIND = "AWS::Organizations::Account"
_NOT_KIND_MODULES = {"base", "cloudcontrol"}
_TYPE_NAME = re.compile(r"^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$")


@cache
def _discover() -> dict[str, ResourceKind]:
    found: dict[str, ResourceKind] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name in _NOT_KIND_MODULES or module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        kind = getattr(module, "KIND", None)
        if isinstance(kind, ResourceKind):
            found[kind.kind] = kind
    return found


def registered_kinds() -> dict[str, ResourceKind]:
    """Every kind a module implements, by CloudFormation type name."""
    return dict(_discover())


def is_type_name(name: str) -> bool:
    return bool(_TYPE_NAME.match(name))


def kind_for(type_name: str) -> ResourceKind | None:
    """The module's kind, else a Cloud Control reader for any other `AWS::Service::Type`."""
    kinds = _discover()
    if type_name in kinds:
        return kinds[type_name]
    if type_name != ACCOUNT_KIND and is_type_name(type_name):
        from port_aws_pipeline.kinds.cloudcontrol import cloud_control_kind

        return cloud_control_kind(type_name)
    return None


__all__ = [
    "ACCOUNT_KIND",
    "ClientProvider",
    "ReadContext",
    "ResourceKind",
    "is_type_name",
    "kind_for",
    "registered_kinds",
]
