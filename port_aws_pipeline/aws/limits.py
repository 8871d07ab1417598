"""Fair shares of AWS's API limits: one token bucket per account x region x service, shared by the process.

AWS throttles per account, region and API; botocore's adaptive retry mode reacts to
throttling after it happens, the buckets keep a process reading many accounts at once
from causing it in the first place (`aws.calls_per_second`, burst twice that).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


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

    def bucket(self, account_id: str, region: str, service: str, rate: float) -> TokenBucket:
        key = (account_id, region, service)
        with self._lock:
            if key not in self._buckets or self._buckets[key].rate != rate:
                self._buckets[key] = TokenBucket(rate, burst=max(1.0, 2 * rate))
            return self._buckets[key]

    def hook(self, account_id: str, region: str, service: str, rate: float) -> Callable[..., None]:
        """A botocore `before-call` handler that waits for this client's bucket."""
        bucket = self.bucket(account_id, region, service, rate)

        def wait_for_token(**_kwargs) -> None:
            bucket.acquire()

        return wait_for_token


LIMITS = RateLimits()
