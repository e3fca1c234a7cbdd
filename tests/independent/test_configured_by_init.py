"""A server written elsewhere is configured through ``init`` and the image-host recipe alone.

The server (``starlette_server.py``, Starlette, not FastAPI) knows nothing of the suite. The
test does what docs/image-host.md and the template of ``init`` tell a user to do: write the
template, fill in the keys and the video the server has, start the bundled image host and
paste the fixtures it prints, point the DNS-name fixtures at the server's zone, run.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
import yaml
from starlette_server import World, build_app

pytestmark = pytest.mark.slow

CLI = [sys.executable, "-m", "conformance.cli"]
PUBLIC_URL = "https://host.images.test"
DNS_NAMED = {
    "internal": "https://internal.images.test/x.png",
    "metadata": "https://metadata.images.test/latest/meta-data/",
    "rebind": "https://rebind.images.test/x.png",
    "unreachable": "https://unreachable.images.test/x.png",
    "unknown_host": "https://missing.images.test/x.png",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("KNOWLIFY_", "PYTEST_"))}


@pytest.fixture
def image_host(tmp_path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """The bundled image host as the recipe runs it; the fixtures it printed."""
    port = _free_port()
    log = (tmp_path / "imagehost.out").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "conformance.reference.imagehost", "--port", str(port),
         "--public-url", PUBLIC_URL],
        stdout=log, stderr=subprocess.STDOUT, env=_environment(), text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if time.monotonic() > deadline or process.poll() is not None:
                output = (tmp_path / "imagehost.out").read_text()
                pytest.fail(f"the image host did not start: {output}")
            time.sleep(0.1)
        printed = (tmp_path / "imagehost.out").read_text(encoding="utf-8")
        yield port, yaml.safe_load(printed)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture
def server(image_host: tuple[int, dict[str, Any]]) -> Iterator[tuple[str, World]]:
    """The independent server on loopback, with one user, a revoked key and a video."""
    world = World(image_port=image_host[0])
    personal, revoked = (f"kn_{secrets.token_hex(32)}" for _ in range(2))
    world.keys[personal] = "alice"
    world.keys[revoked] = "alice"
    world.revoked.add(revoked)
    world.videos[str(uuid.uuid4())] = "alice"
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(build_app(world), log_level="warning", lifespan="off")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not uv.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", world
    finally:
        uv.should_exit = True
        thread.join(timeout=30)
        sock.close()


def test_init_and_the_image_host_recipe_configure_a_foreign_server(
    tmp_path: Path, server: tuple[str, World], image_host: tuple[int, dict[str, Any]]
) -> None:
    target, world = server
    config_path = tmp_path / "knowlify.yaml"
    made = subprocess.run([*CLI, "init", str(config_path)], capture_output=True, text=True,
                          env=_environment(), check=False)  # fmt: skip
    assert made.returncode == 0, made.stderr
    template = config_path.read_text(encoding="utf-8")
    # The template explains each fixture where it is to be filled in.
    assert re.search(r"# The main API key.*\n.*needed by \d+ requirement", template)
    config = yaml.safe_load(template)
    personal = next(key for key in world.keys if key not in world.revoked)
    video = next(iter(world.videos))
    limits = {"videos": 100_000, "edits": 100_000, "window_seconds": 60}
    config.update(
        target=target, sandbox=True, rate_limit_probes=False, profile="strict", rate_limits=limits
    )
    fixtures = config["fixtures"]
    fixtures["keys"]["personal"] = personal
    fixtures["keys"]["revoked"] = next(iter(world.revoked))
    fixtures["videos"]["complete"] = video
    printed = image_host[1]
    for name, url in printed["image_urls"].items():
        fixtures["image_urls"][name] = DNS_NAMED.get(name, url)
    fixtures["image_host"].update(printed["image_host"])
    # The suite reads the log from its own machine: here the host is on loopback.
    fixtures["image_host"]["requests_url"] = f"http://127.0.0.1:{image_host[0]}/requests"
    config_path.write_text(yaml.safe_dump(config), encoding="utf-8")

    done = subprocess.run(
        [*CLI, "run", "--config", str(config_path), "--output", str(tmp_path / "reports"),
         "-k", "test_reference_images", "--quiet"],
        capture_output=True, text=True, env=_environment(), timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stdout[-3000:] + done.stderr
    results_line = done.stdout.strip().splitlines()[-1]
    results = json.loads(Path(results_line.removeprefix("Results: ")).read_text())
    rows = {row["id"]: row for row in results["requirements"]}
    # Each behaviour of the image host reached the server and was judged, the log included.
    for rid in ("REF-007", "REF-008", "REF-010", "REF-011", "REF-012", "REF-013"):
        assert rows[rid]["verdict"] == "pass", rows[rid]
    # The two-hop chain was followed one hop only: the log shows its first request.
    assert f"{PUBLIC_URL}/two-hops/two-hops.png" in " ".join(image_log(image_host[0]))
    assert personal not in done.stdout + done.stderr


def image_log(port: int) -> list[str]:
    import httpx

    answer = httpx.get(f"http://127.0.0.1:{port}/requests", headers={"Host": "host.images.test"})
    return [str(url) for url in answer.json()["requests"]]
