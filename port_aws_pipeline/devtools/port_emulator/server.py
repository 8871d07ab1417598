"""Serving the app: on a background thread for tests and the demo, or in the foreground for the CLI."""

from __future__ import annotations

import threading

from werkzeug.serving import WSGIRequestHandler
from werkzeug.serving import make_server

from port_aws_pipeline.devtools.port_emulator.routes import create_app
from port_aws_pipeline.devtools.port_emulator.rules import EmulatorSettings

# --- serving ----------------------------------------------------------------------------------


class _QuietRequestHandler(WSGIRequestHandler):
    """No access log line per request: the demo's output stays readable; /_emulator/stats counts instead."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


class EmulatorServer:
    """The emulator on a background thread: `with EmulatorServer(settings) as server: server.url`.
    Port 0 picks a free port; the socket is bound at construction, so `url` is known before start."""

    def __init__(self, settings: EmulatorSettings | None = None, host: str = "127.0.0.1", port: int = 0):
        self._server = make_server(
            host, port, create_app(settings), threaded=True, request_handler=_QuietRequestHandler
        )
        self.url = f"http://{host}:{self._server.server_port}"
        self._thread: threading.Thread | None = None

    def issued_tokens(self) -> list[str]:
        """Every access token handed out so far (tests check none of them leaks)."""
        return list(self._server.app.extensions["port_emulator"].tokens)

    def start(self) -> EmulatorServer:
        # A short poll interval keeps stop() quick, which matters for a server per test.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="port-emulator", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def serve_forever(host: str, port: int, settings: EmulatorSettings) -> None:
    """The emulator in the foreground until Ctrl-C, logging each request (`port-aws-pipeline port-emulator`)."""
    server = make_server(host, port, create_app(settings), threaded=True)
    print(
        f"Port API emulator on http://{host}:{server.server_port}  "
        f"client_id={settings.client_id} client_secret={settings.client_secret}",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
