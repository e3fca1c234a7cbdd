"""An adapter command that dies before reading anything (exit 3, a message on stderr)."""

import sys

print("adapter: cannot load the SDK (simulated)", file=sys.stderr)
raise SystemExit(3)
