"""A local, in-memory stand-in for the Port REST API (port.io).

Integration tests and the demo talk to it over real HTTP, so it answers the routes this
project uses with Port's status codes and body shapes: expiring bearer tokens, the 1 MiB
body limit, entity writes checked against blueprint schemas, bulk upserts that answer 207
with per-entity errors, cursor-paginated search, required relations that block deletes,
and, when asked, 429 rate limiting and injected 503s. The `/_emulator/*` routes (no auth)
let tests and the demo look inside, reset it and change its behaviour at runtime.

It also answers what a Port Ocean integration (e.g. Port's aws-v3) needs to run against it, so
the two can be benchmarked on the same emulator: the organization, the integration record
(`/v1/integration/...`: create, get, patch, config, resync state, kind examples), entity
ownership by `$datasource` (the User-Agent of the last write, as Port marks an integration the
maintainer of what it writes), the datasource listing Ocean reconciles deletions with, and the
log and sync-metric ingestion the integration record points Ocean at (`/ingest/...`, here on the
emulator itself; Port serves them from its ingest host).
"""

from port_aws_pipeline.devtools.port_emulator.routes import create_app
from port_aws_pipeline.devtools.port_emulator.rules import EmulatorSettings
from port_aws_pipeline.devtools.port_emulator.server import EmulatorServer
from port_aws_pipeline.devtools.port_emulator.server import serve_forever

__all__ = ["EmulatorServer", "EmulatorSettings", "create_app", "serve_forever"]
