"""ArcadeDB's HTTP command endpoint, used only for the index DDL its Bolt side refuses."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from typing import Any

from graph_rag.errors import DatabaseUnavailable, StoreError


def run_sql(
    http_url: str, database: str, user: str, password: str, statement: str, *, name: str
) -> list[dict[str, Any]]:
    """Run one SQL command on ArcadeDB and return its result rows."""
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    request = urllib.request.Request(
        f"{http_url.rstrip('/')}/api/v1/command/{database}",
        data=json.dumps({"language": "sql", "command": statement}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Basic {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            result = json.loads(response.read())["result"]
    except urllib.error.HTTPError as e:
        try:
            detail = json.loads(e.read()).get("detail") or e.reason
        except ValueError:
            detail = e.reason
        raise StoreError(name, f"HTTP {e.code}: {detail}") from e
    except (urllib.error.URLError, OSError) as e:
        raise DatabaseUnavailable(
            http_url,
            str(getattr(e, "reason", e)),
            "ArcadeDB's HTTP port is needed for index DDL (GRAPH_RAG_HTTP_PORT).",
        ) from e
    return list(result)
