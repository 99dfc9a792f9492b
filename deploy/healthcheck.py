"""Docker HEALTHCHECK: exit 0 when the bot's GET /healthz answers 200 within 4 seconds.

Sends the access token too, in case the endpoint asks for it. Standard library only."""

import os
import sys
import urllib.request

url = f"http://127.0.0.1:{os.environ.get('PORT', '8080')}/healthz"
request = urllib.request.Request(url)
if token := os.environ.get("ONEBOT_ACCESS_TOKEN"):
    request.add_header("Authorization", f"Bearer {token}")
try:
    with urllib.request.urlopen(request, timeout=4) as response:
        sys.exit(0 if response.status == 200 else 1)
except Exception as exc:  # any failure is "unhealthy"; say which in `docker inspect`
    print(f"{url}: {exc}", file=sys.stderr)
    sys.exit(1)
