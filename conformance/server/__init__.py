"""Server-side conformance tests: one module per area, each test tagged with its requirements.

Run them with ``knowlify-conformance run`` or ``pytest --pyargs conformance.server``.
"""
