"""A hostile adapter: it starts a child that outlives it (writing its pid to argv[1]), then
answers nothing and exits when stdin closes."""

import subprocess
import sys
from pathlib import Path

child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
Path(sys.argv[1]).write_text(str(child.pid))
for _line in sys.stdin:
    print("not a protocol line", flush=True)
