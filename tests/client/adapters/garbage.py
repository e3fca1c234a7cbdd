"""An adapter command that answers every request with text that is not a protocol line."""

import sys

for _line in sys.stdin:
    print("Loading SDK... done!", flush=True)
