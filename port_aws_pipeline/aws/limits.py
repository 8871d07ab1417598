"""Fair shares of AWS's API limits: one token bucket per account x region x service, shared by the process.

AWS throttles per account, region and API; botocore's adaptive retry mode reacts to
throttling after it happens, the buckets keep a process reading many accounts at once
from causing it in the first place. Each service's bucket is sized from what AWS
documents for its read calls (`SERVICE_RATES`); `aws.calls_per_second` overrides it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceRate:
    """A token bucket's shape: `rate` calls per second sustained, `burst` at once."""

    rate: float
    burst: float

    @classmethod
    def per_second(cls, rate: float) -> ServiceRate:
        """A configured rate: burst twice the rate."""
        return cls(rate, max(1.0, 2 * rate))


#: Read-call limits AWS documents per account x region (the whole service shares one bucket here, so these are
#: below AWS's per-API buckets): EC2 non-mutating actions refill 20/s into a bucket of 100; ECS cluster reads 20/s
#: into 50; Lambda's control plane 15 requests/s. S3 bucket configuration and SQS queue attributes have no published
#: request limit (S3 serves thousands of requests per second per prefix), so they get a generous bucket.
SERVICE_RATES: dict[str, ServiceRate] = {
    "ec2": ServiceRate(20, 100),
    "ecs": ServiceRate(20, 50),
    "lambda": ServiceRate(15, 15),
    "s3": ServiceRate(50, 100),
    "sqs": ServiceRate(50, 100),
}
#: Services without a documented limit of their own.
FALLBACK_RATE = ServiceRate(10, 20)
#: `aws.calls_per_second` key that sets every service not named on its own.
EVERY_SERVICE = "*"


@dataclass(frozen=True)
class CallRates:
    """The bucket shape for each service: `aws.calls_per_second` overrides, else `SERVICE_RATES`, else the fallback."""

    overrides: Mapping[str, float]

    def for_service(self, service: str) -> ServiceRate:
        if service in self.overrides:
            return ServiceRate.per_second(self.overrides[service])
        if EVERY_SERVICE in self.overrides:
            return ServiceRate.per_second(self.overrides[EVERY_SERVICE])
        return SERVICE_RATES.get(service, FALLBACK_RATE)


class TokenBucket:
    """`rate` tokens per second, at most `burst` banked; `acquire` waits for one."""

    def __init__(
        self,
        rate: float,
        burst: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.rate, self.burst = rate, burst
        self._clock, self._sleep = clock, sleep
        self._tokens = burst
        self._updated = clock()
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Take a token now (possibly going into debt) and return how long to wait for it."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
            self._updated = now
            self._tokens -= 1
            return 0.0 if self._tokens >= 0 else -self._tokens / self.rate

    def acquire(self) -> float:
        wait = self.reserve()
        if wait > 0:
            self._sleep(wait)
        return wait


class RateLimits:
    """The process's buckets, created on first use per (account, region, service)."""

    def __init__(self) -> None:
        self._buckets: dict[tuple[str, str, str], TokenBucket] = {}
        self._lock = threading.Lock()

    def bucket(self, account_id: str, region: str, service: str, shape: ServiceRate) -> TokenBucket:
        key = (account_id, region, service)
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None or (bucket.rate, bucket.burst) != (shape.rate, shape.burst):
                self._buckets[key] = TokenBucket(shape.rate, burst=shape.burst)
            return self._buckets[key]

    def hook(self, account_id: str, region: str, service: str, shape: ServiceRate) -> Callable[..., None]:
        """A botocore `before-call` handler that waits for this client's bucket."""
        bucket = self.bucket(account_id, region, service, shape)

        def wait_for_token(**_kwargs) -> None:
            bucket.acquire()

        return wait_for_token


LIMITS = RateLimits()
