"""An adapter command that closes its stdout and keeps running."""

import os
import sys
import time

sys.stdin.readline()
os.close(1)
time.sleep(3600)
