"""Every AWS call goes through botocore's event system, so it is counted and guarded here.

The guard refuses any operation that is not a read before it leaves the process:
the pipeline is read-only by construction, not by convention.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

READ_PREFIXES = ("List", "Describe", "Get", "Search", "Lookup", "BatchGet")
ALLOWED_NON_READ = {("sts", "AssumeRole"), ("sts", "AssumeRoleWithWebIdentity"), ("sts", "GetCallerIdentity")}

#: Extra `before-call` handlers for every client (tests inject faults here).
CLIENT_HOOKS: list[Callable] = []


class MutatingCallRefused(RuntimeError):
    pass


def is_read_only(service: str, operation: str) -> bool:
    return operation.startswith(READ_PREFIXES) or (service, operation) in ALLOWED_NON_READ


class CallRecorder:
    """Counts calls by `service:Operation` and refuses mutating ones."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self._lock = threading.Lock()

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def attach(self, client) -> None:
        client.meta.events.register("before-call", self._before_call)
        for hook in CLIENT_HOOKS:
            client.meta.events.register("before-call", hook)

    def _before_call(self, model, **_kwargs) -> None:
        service = model.service_model.endpoint_prefix
        if not is_read_only(service, model.name):
            raise MutatingCallRefused(
                f"{service}:{model.name} is not a read-only call; port-aws-pipeline never changes AWS"
            )
        with self._lock:
            self.counts[f"{service}:{model.name}"] += 1
