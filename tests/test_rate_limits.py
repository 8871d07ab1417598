"""Token buckets per account x region x service, on a fake clock (no timed test)."""

from port_aws_pipeline.aws.limits import RateLimits
from port_aws_pipeline.aws.limits import TokenBucket


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def test_a_burst_then_the_rate():
    clock = FakeClock()
    bucket = TokenBucket(rate=10, burst=20, clock=clock, sleep=clock.sleep)
    waits = [bucket.acquire() for _ in range(25)]
    assert waits[:20] == [0.0] * 20
    assert all(abs(w - 0.1) < 1e-9 for w in waits[20:])  # then one call per 1/rate seconds
    clock.now += 10  # idle: tokens refill, capped at the burst
    assert [bucket.acquire() for _ in range(20)] == [0.0] * 20


def test_buckets_are_per_account_region_and_service():
    limits = RateLimits()
    a = limits.bucket("111111111111", "eu-west-1", "ec2", 5)
    assert limits.bucket("111111111111", "eu-west-1", "ec2", 5) is a
    assert limits.bucket("111111111111", "us-east-1", "ec2", 5) is not a
    assert limits.bucket("222222222222", "eu-west-1", "ec2", 5) is not a
    assert limits.bucket("111111111111", "eu-west-1", "sqs", 5) is not a
    assert a.burst == 10


def test_pipeline_clients_draw_from_their_bucket(aws):
    import boto3

    from port_aws_pipeline.aws.limits import LIMITS
    from port_aws_pipeline.aws.sessions import AwsClients

    clients = AwsClients(session=boto3.Session(region_name="us-east-1"), account_id="123456789012", calls_per_second=7)
    sqs = clients.client("sqs", "us-east-1")
    for _ in range(3):
        sqs.list_queues()
    bucket = LIMITS.bucket("123456789012", "us-east-1", "sqs", 7)
    assert bucket.burst - 3 - 0.5 < bucket._tokens < bucket.burst - 3 + 0.5 + 7 * 1.0  # 3 tokens taken (+ refill)
