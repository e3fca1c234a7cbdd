"""The oracles the strategy tests rely on, checked against hand-worked examples from the
standards (so a wrong oracle cannot silently bless wrong strategies)."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address

import pytest
from contract_oracle import STATUS, edit_body_faults, item_faults, precedence_rule, winner
from host_oracle import embedded_v4, host_meaning, is_malformed, readings, url_faults
from json_oracle import read_json

IPV4 = [
    ("127.0.0.1", "127.0.0.1", True),
    ("2130706433", "127.0.0.1", False),
    ("0x7f000001", "127.0.0.1", False),
    ("017700000001", "127.0.0.1", False),
    ("0177.0.0.1", "127.0.0.1", False),
    ("127.1", "127.0.0.1", False),
    ("10.1", "10.0.0.1", False),
    ("0x7f.1", "127.0.0.1", False),
    ("127.000.000.001", "127.0.0.1", False),
    ("127.0.0.1.", "127.0.0.1", False),
    ("0", "0.0.0.0", False),
    ("0x", "0.0.0.0", False),
    ("0251.0376.0251.0376", "169.254.169.254", False),
    ("\uff11\uff12\uff17\uff0e\uff10\uff0e\uff10\uff0e\uff11", "127.0.0.1", False),
    ("127\u30020\u30020\u30021", "127.0.0.1", False),
    ("\u2460\u2461\u2466.\u24ea.\u24ea.\u2460", "127.0.0.1", False),
    ("%31%32%37.0.0.1", "127.0.0.1", False),
    ("12\u00ad7.0.0.1", "127.0.0.1", False),
]


@pytest.mark.parametrize(("host", "address", "canonical"), IPV4)
def test_ipv4_spellings_decode_as_the_url_standard_says(
    host: str, address: str, canonical: bool
) -> None:
    meaning = host_meaning(host)
    assert meaning.kind == "ipv4"
    assert meaning.address == IPv4Address(address)
    assert meaning.canonical is canonical


@pytest.mark.parametrize("host", ["256.0.0.1", "1.2.3.4.5", "0x1g.0.0.1", "example.123", "09.1"])
def test_hosts_ending_in_a_bad_number_are_invalid(host: str) -> None:
    assert host_meaning(host).kind == "invalid"


@pytest.mark.parametrize(
    ("host", "name"),
    [
        ("example.com", "example.com"),
        ("LOCALHOST.", "localhost"),
        ("\uff4c\uff4f\uff43al", "local"),
    ],
)
def test_names_are_mapped_and_lowered(host: str, name: str) -> None:
    meaning = host_meaning(host)
    assert (meaning.kind, meaning.name) == ("name", name)


@pytest.mark.parametrize(
    ("address", "embedded"),
    [
        ("::ffff:127.0.0.1", "127.0.0.1"),
        ("::ffff:0:a00:1", "10.0.0.1"),
        ("::a00:1", "10.0.0.1"),
        ("64:ff9b::a00:1", "10.0.0.1"),
        ("64:ff9b:1::a00:1", "10.0.0.1"),
        ("2002:7f00:1::", "127.0.0.1"),
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", "127.0.0.1"),
        ("::1", None),
        ("::", None),
        ("fc00::1", None),
        ("2606:4700::1111", None),
    ],
)
def test_embedded_ipv4_addresses_are_found(address: str, embedded: str | None) -> None:
    found = embedded_v4(IPv6Address(address))
    assert found == (IPv4Address(embedded) if embedded else None)


@pytest.mark.parametrize(
    ("url", "malformed"),
    [
        ("file:///etc/passwd", False),
        ("https:example.com", False),
        ("mailto:x", False),
        ("https://example.com:/a", False),
        ("https://[fe80::1%25eth0]/", False),
        ("https://a.example\\@127.0.0.1/", False),
        ("", True),
        ("https://a b/", True),
        ("https://a/\n", True),
        ("example.com/a.png", True),
        ("https:///a", True),
        ("ftp:///a", True),
        ("https://[v1.x]/", True),
        ("https://[::1", True),
        ("https://[fe80::1%eth0]/", True),
        ("https://[fe80::1%25]/", True),
        ("https://a]/", True),
        ("https://example.com:65536/", True),
        ("https://example.com:+1/", True),
        ("https://" + "a" * 2050, True),
    ],
)
def test_malformed_urls_follow_the_documented_rules(url: str, malformed: bool) -> None:
    assert is_malformed(url) is malformed


@pytest.mark.parametrize(
    ("url", "faults", "maybe_public"),
    [
        ("https://example.com/a.png", set(), True),
        ("https://8.8.8.8/", set(), True),
        ("https://[2606:4700::1111]/", set(), True),
        ("https://[2002:808:808::]/", set(), True),
        ("http://example.com/", {"REF-001"}, False),
        ("https://example.com@127.0.0.1/", {"REF-002"}, False),
        ("https://127.0.0.1:443@example.com/", set(), True),
        ("https://10.0.0.1\\@127.0.0.1/", {"REF-002"}, False),
        ("https://example.com\\@127.0.0.1/", {"REF-002"}, True),
        ("https:/127.0.0.1/", {"REF-002"}, False),
        ("https://0x7f.1/", {"REF-003"}, False),
        ("https://[::1]/", {"REF-004"}, False),
        ("https://[::ffff:127.0.0.1]/", {"REF-005"}, False),
        ("https://[2002:7f00:1::]/", {"REF-005"}, False),
        ("https://sub.localhost./", {"REF-006"}, False),
        ("https://10.0.0.1.nip.io/", {"REF-006"}, False),
        ("https://8.8.8.8.nip.io/", set(), True),
    ],
)
def test_url_faults_read_every_parser_reading(
    url: str, faults: set[str], maybe_public: bool
) -> None:
    assert url_faults(url) == (faults, maybe_public)


def test_is_global_alone_is_not_enough() -> None:
    # Python's ipaddress calls these global; the contract's "reserved ranges" refuses them.
    for address in ("192.88.99.1", "224.0.0.1", "240.0.0.1"):
        assert url_faults(f"https://{address}/") == ({"REF-002"}, False)


def test_readings_disagree_where_parsers_do() -> None:
    hosts = [reading.host for reading in readings("https://10.0.0.1\\@127.0.0.1/")]
    assert hosts == ["127.0.0.1", "10.0.0.1"]
    assert [reading.host for reading in readings("https:127.0.0.1/")] == [None, "127.0.0.1"]


@pytest.mark.parametrize(
    ("raw", "valid", "duplicates"),
    [
        (b'{"a": 1}', True, False),
        (b' [1, -0, 1.5e3, "\\u00e9", true, null] ', True, False),
        (b'{"a": 1, "a": 2}', True, True),
        (b'{"a": {"b": 1, "b": 1}}', True, True),
        (b'"\\ud800"', True, False),
        (b"[" * 60000 + b"]" * 60000, True, False),
        (b"", False, False),
        (b"   ", False, False),
        (b"\xef\xbb\xbf{}", False, False),
        (b"{}x", False, False),
        (b'{"a": NaN}', False, False),
        (b"[Infinity]", False, False),
        (b"01", False, False),
        (b"+1", False, False),
        (b".5", False, False),
        (b"1.", False, False),
        (b"[1,]", False, False),
        (b'{"a":1,}', False, False),
        (b"{'a': 1}", False, False),
        (b"{a: 1}", False, False),
        (b'"a\x01"', False, False),
        (b'{"a": "\xff"}', False, False),
        (b"[", False, False),
    ],
)
def test_the_json_reader_is_strict(raw: bytes, valid: bool, duplicates: bool) -> None:
    text = read_json(raw)
    assert (text.valid, text.duplicate_names) == (valid, duplicates), text.reason


def test_contract_oracle_reads_items_and_edits() -> None:
    assert item_faults({"task": "x", "video_duration_seconds": 30, "color_palette": {}}) == []
    assert item_faults({"task": "x", "video_duration_seconds": True}) == ["VID-VAL-011"]
    assert item_faults({"task": "x", "color_palette": {"primary": "#ABC"}}) == []
    assert item_faults({"task": "é" * 5001}) == ["VID-VAL-001"]
    edit = {"video_uuid": "550e8400-e29b-41d4-a716-446655440000", "edit_request": "x"}
    assert edit_body_faults(edit, "personal") == ["EDIT-009"]
    assert edit_body_faults({**edit, "aspect_ratio": None}, "personal") == ["EDIT-009"]


def test_precedence_follows_the_design_order() -> None:
    assert STATUS[winner(["REF-002", "AUTH-001", "VID-VAL-012"])] == 401
    assert STATUS[winner(["REF-002", "VID-VAL-012"])] == 422
    assert winner(["EDIT-011", "CRED-001"]) == "EDIT-011"
    assert precedence_rule(["CRED-001", "REF-011"]) == "PREC-006"
    assert precedence_rule(["EDIT-001", "EDIT-010"]) == "PREC-003"
