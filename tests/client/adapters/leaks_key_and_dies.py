"""An adapter command that prints the request (API key included) to stderr, then dies."""

import sys

for line in sys.stdin:
    print(f"adapter got {line.strip()}", file=sys.stderr, flush=True)
    raise SystemExit(1)
