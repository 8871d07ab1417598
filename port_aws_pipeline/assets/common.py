"""What every asset shares: the group, pools, the transient-only retry policy, and fail-fast for permanent errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg

from port_aws_pipeline.failures import diagnose

GROUP = "aws_to_port"
#: Runs of `sync_partitions` (each a chunk of account x region keys) share this pool's limit.
SYNC_POOL = "aws_to_port_sync"
POOLS = (SYNC_POOL,)
#: Only transient failures reach it: `permanent_failures_fail_fast` raises permanent ones as
#: Failure(allow_retries=False).
RETRY_TRANSIENT = dg.RetryPolicy(max_retries=2, delay=15, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS)


@contextmanager
def permanent_failures_fail_fast() -> Iterator[None]:
    """A wrong secret, a dead endpoint or missing credentials fail the step now, with cause and fix,
    instead of being retried for minutes; the full trace stays in the event log."""
    try:
        yield
    except dg.Failure:
        raise
    except Exception as exc:
        diagnosis = diagnose(exc)
        if not diagnosis.permanent:
            raise
        raise dg.Failure(
            description=diagnosis.cause,
            metadata={"cause": diagnosis.cause, "fix": diagnosis.fix, "code": diagnosis.code},
            allow_retries=False,
        ) from exc
