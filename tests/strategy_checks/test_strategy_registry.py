"""The public surface: exported = registered, keyword-only defaults, the docstring template,
lazy and cached strategies, and arguments validated with messages naming ``argument=value``."""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis.errors import InvalidArgument

import strategies
from strategies import REGISTRY, provisional
from strategies._docgen import simplest
from strategies._registry import FAMILIES

LABEL = re.compile(r"^[a-z0-9]+/[a-z0-9-]+$")
REQUIREMENT = re.compile(r"\b[A-Z]+(?:-[A-Z]+)?-\d{3}\b")


def test_exported_names_are_exactly_the_registered_strategies() -> None:
    exported = set(strategies.__all__) - strategies.NON_STRATEGY_EXPORTS
    stable = {name for name, info in REGISTRY.items() if not info.provisional}
    assert exported == stable
    unstable = {name for name, info in REGISTRY.items() if info.provisional}
    assert unstable == {name for name in provisional.__all__ if name.islower()}
    for name in exported:
        assert getattr(strategies, name) is REGISTRY[name].function


@pytest.mark.parametrize("name", list(REGISTRY))
def test_defaulted_arguments_are_keyword_only(name: str) -> None:
    for parameter in inspect.signature(REGISTRY[name].function).parameters.values():
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, parameter
        assert parameter.default is not inspect.Parameter.empty, parameter


@pytest.mark.parametrize("name", list(REGISTRY))
def test_docstrings_follow_the_template(name: str) -> None:
    info = REGISTRY[name]
    doc = inspect.getdoc(info.function) or ""
    paragraphs = [p for p in doc.split("\n\n") if p.strip()]
    assert len(paragraphs) >= 2, "what is generated ... what it shrinks towards"
    assert paragraphs[-1].startswith("Examples shrink towards"), paragraphs[-1]
    for parameter in inspect.signature(info.function).parameters:
        assert re.search(rf"``{parameter}\b", doc), f"argument {parameter} is not described"
    if info.labelled:
        assert re.search(r"expects? \d{3}|expecting \d{3}", doc), "the expected status"
        named = set(REQUIREMENT.findall(doc))
        branches = info.branches() if info.branches else {info.labels[0]: info.function()}
        for branch in branches.values():
            case = simplest(branch)
            assert case.requirement in named or re.search(
                case.requirement.rsplit("-", 1)[0] + r"-\d{3} \.\.\.", doc
            ), f"{case.requirement} is not named in the docstring"


@pytest.mark.parametrize("name", list(REGISTRY))
def test_registration_is_consistent(name: str) -> None:
    info = REGISTRY[name]
    assert info.family in FAMILIES
    assert (info.family == "valid") == (not info.labelled)
    assert all(LABEL.match(label) for label in info.labels)
    assert len(set(info.labels)) == len(info.labels)
    if info.branches is None:
        assert len(info.labels) <= 1


def test_calls_are_lazy_and_print_as_the_call() -> None:
    strategy = strategies.hex_colours(upper_case="yes")  # type: ignore[arg-type]
    assert repr(strategy) == "deferred(hex_colours(upper_case='yes'))"
    with pytest.raises(InvalidArgument, match=re.escape("upper_case='yes'")):
        strategy.validate()


def test_equal_arguments_give_the_same_strategy() -> None:
    assert strategies.palettes(min_size=2) is strategies.palettes(min_size=2)
    assert strategies.palettes(min_size=2) is not strategies.palettes(min_size=3)


BAD_ARGUMENTS: list[tuple[Callable[..., Any], dict[str, Any], str]] = [
    (strategies.prompt_texts, {"min_size": -1}, "min_size=-1"),
    (strategies.prompt_texts, {"min_size": 10, "max_size": 5}, "min_size=10"),
    (strategies.prompt_texts, {"max_size": 5001}, "max_size=5001"),
    (strategies.prompt_texts, {"max_size": 2.5}, "max_size=2.5"),
    (strategies.hex_colours, {"upper_case": 1}, "upper_case=1"),
    (strategies.palettes, {"max_size": 5}, "max_size=5"),
    (strategies.palettes, {"min_size": True}, "min_size=True"),
    (strategies.video_items, {"min_task_size": 0}, "min_task_size=0"),
    (strategies.create_videos_bodies, {"min_size": 0}, "min_size=0"),
    (strategies.create_videos_bodies, {"max_size": 51}, "max_size=51"),
    (strategies.create_videos_bodies, {"include_email": None}, "include_email=None"),
    (strategies.uuid_strings, {"version": 6}, "version=6"),
    (strategies.public_reference_urls, {"hosts": []}, "hosts=[]"),
    (strategies.public_reference_urls, {"hosts": "example.com"}, "hosts='example.com'"),
    (strategies.edit_bodies, {"video_uuid": "x"}, "video_uuid='x'"),
    (strategies.edit_bodies, {"max_reference_urls": 6}, "max_reference_urls=6"),
    (strategies.edit_bodies, {"reference_urls": "https://a"}, "reference_urls='https://a'"),
    (strategies.invalid_enums, {"fields": ["colour"]}, "fields=['colour']"),
    (strategies.invalid_enums, {"fields": []}, "fields=[]"),
    (
        strategies.invalid_enums,
        {"fields": ["video_type"], "operations": ["createEdit"]},
        "fields=['video_type'] with operations=['createEdit']",
    ),
    (strategies.invalid_batches, {"max_size": 50}, "max_size=50"),
    (strategies.non_json_bodies, {"operations": ["getVideo"]}, "operations=['getVideo']"),
    (strategies.wrong_shape_bodies, {"operations": "createVideos"}, "operations='createVideos'"),
    (strategies.hostile_reference_urls, {"classes": ["dns"]}, "classes=['dns']"),
    (strategies.hostile_reference_urls, {"classes": ["scheme", "scheme"]}, "repeats"),
]


@pytest.mark.parametrize(
    ("function", "arguments", "message"),
    BAD_ARGUMENTS,
    ids=[f"{f.__name__}-{m}" for f, _, m in BAD_ARGUMENTS],
)
def test_bad_arguments_raise_invalid_argument_naming_them(
    function: Callable[..., Any], arguments: dict[str, Any], message: str
) -> None:
    strategy = function(**arguments)  # no error yet: strategies are lazy
    with pytest.raises(InvalidArgument, match=re.escape(message)):
        strategy.validate()


def test_strategies_import_no_reference_server_code() -> None:
    package = Path(strategies.__file__).parent
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                names += [alias.name for alias in node.names]
                assert not any(name.startswith("conformance.reference") for name in names), path
