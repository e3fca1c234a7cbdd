"""The reference server's app factory: ``conformance.reference:create_app``."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI

from .clock import Clock, SystemClock
from .errors import install_error_handlers
from .images import Fetcher, ReferenceImageGuard, Resolver, SandboxFetcher, SandboxResolver
from .routes_edits import router as edits_router
from .routes_sandbox import router as sandbox_router
from .routes_videos import router as videos_router
from .sandbox import DEFAULT_SEED, seed_sandbox
from .settings import ReferenceSettings
from .state import ReferenceState

__all__ = ["create_app"]


def create_app(
    settings: ReferenceSettings | None = None,
    *,
    clock: Clock | None = None,
    resolver: Resolver | None = None,
    fetcher: Fetcher | None = None,
    seed: str | None = DEFAULT_SEED,
    prepare: Callable[[ReferenceState], None] | None = None,
) -> FastAPI:
    """Build a reference Knowlify API v1 server.

    With no arguments: the documented limits, wall-clock time, the sandbox's image hosts (no
    network) and the default seed, so ``uvicorn --factory conformance.reference:create_app``
    serves a ready sandbox. ``seed=None`` starts empty. The seeded fixtures are on
    ``app.state.fixtures``. ``prepare`` is called with the fresh state before the sandbox is
    seeded: the one seam through which a variant (a mutant) swaps a component of the server.
    """
    guard = ReferenceImageGuard(resolver or SandboxResolver(), fetcher or SandboxFetcher())
    state = ReferenceState.empty(clock or SystemClock(), settings or ReferenceSettings(), guard)
    if prepare is not None:
        prepare(state)
    app = FastAPI(
        title="Knowlify API v1 (reference sandbox)",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.reference = state
    app.state.fixtures = seed_sandbox(state, seed) if seed is not None else None
    install_error_handlers(app)
    app.include_router(videos_router)
    app.include_router(edits_router)
    if app.state.fixtures is not None:
        app.include_router(sandbox_router)
    return app
