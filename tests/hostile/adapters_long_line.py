"""A hostile adapter: for each request it prints 64 MiB without a newline, then waits."""

import sys
import time

for _line in sys.stdin:
    block = "x" * (1 << 20)
    for _ in range(64):
        sys.stdout.write(block)
    sys.stdout.flush()
    time.sleep(3600)
