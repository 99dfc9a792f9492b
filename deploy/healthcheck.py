"""Docker HEALTHCHECK: exit 0 when the bot's GET /healthz answers 200 within 4 seconds.

Sends ONEBOT_ACCESS_TOKEN as a Bearer token: /healthz asks for it when one is set (the body
names the QQ accounts and the data path). 503 (no QQ account connected or online, database not
answering) is unhealthy. Standard library only."""

import os
import sys
import urllib.error
import urllib.request

url = f"http://127.0.0.1:{os.environ.get('PORT', '8080')}/healthz"
request = urllib.request.Request(url)
if token := os.environ.get("ONEBOT_ACCESS_TOKEN"):
    request.add_header("Authorization", f"Bearer {token}")
try:
    with urllib.request.urlopen(request, timeout=4) as response:
        sys.exit(0 if response.status == 200 else 1)
except urllib.error.HTTPError as exc:  # 503: the body's "problems" say what is wrong
    print(f"{url}: {exc.code} {exc.read(2000).decode('utf-8', 'replace')}", file=sys.stderr)
    sys.exit(1)
except Exception as exc:  # any failure is "unhealthy"; say which in `docker inspect`
    print(f"{url}: {exc}", file=sys.stderr)
    sys.exit(1)
