"""An adapter command that answers with JSON that is not an outcome (no "ok")."""

import json
import sys

for line in sys.stdin:
    request = json.loads(line)
    print(json.dumps({"id": request["id"], "status": "done"}), flush=True)
