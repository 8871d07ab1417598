"""What the Port API answered when it refused: a leaf module, so the error classifier can know it."""


class PortApiError(Exception):
    """Port answered an HTTP error (after retries where they apply)."""

    def __init__(self, status: int, route: str, body: dict | str, base_url: str = ""):
        message = (body.get("message") or body.get("error") or "") if isinstance(body, dict) else str(body)[:300]
        super().__init__(f"Port API {route} answered {status}: {message}")
        self.status = status
        self.route = route
        self.body = body
        self.message = message
        self.base_url = base_url
