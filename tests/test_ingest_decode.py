"""Decoding article bytes and stripping control characters."""

from __future__ import annotations

import codecs
import random
import time

import pytest

from workbench.ingest import IngestError, decode_bytes, strip_controls

TEXT = "Sessions said, “I did not have communications with the Russians.” — café\n"


@pytest.mark.parametrize(
    "raw",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16"),  # native order with BOM
        codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"),
        codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16le-bom",
        "utf16be-bom",
        "utf16-native",
        "utf32le-bom",
        "utf32be-bom",
    ],
)
def test_round_trip_without_warnings(raw: bytes) -> None:
    assert decode_bytes(raw) == (TEXT, [])


@pytest.mark.parametrize(
    ("codec", "label"), [("utf-16-le", "UTF-16 LE"), ("utf-16-be", "UTF-16 BE")]
)
def test_utf16_without_bom_is_accepted_with_warning(codec: str, label: str) -> None:
    text, warnings = decode_bytes(TEXT.encode(codec))
    assert text == TEXT
    assert warnings == [f"no byte-order mark; decoded as {label}"]


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"GIF89a\x01\x00", "GIF image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
        (b"\x1f\x8b\x08\x00", "gzip archive"),
        (b"SQLite format 3\x00\x10\x00", "SQLite database"),
        (b"\x7fELF\x02\x01\x01", "ELF executable"),
    ],
)
def test_binary_formats_refused_by_name(raw: bytes, kind: str) -> None:
    with pytest.raises(IngestError) as info:
        decode_bytes(raw + b"\x00" * 64)
    assert kind in str(info.value)
    assert str(info.value).startswith("binary file (looks like ")


def test_nul_bytes_refused() -> None:
    with pytest.raises(IngestError, match=r"binary file \(contains NUL bytes\)"):
        decode_bytes(b"Sessions said\x00\x00\x00\x07\x00 something \x00\x01\x02")


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"   ",
        b" \n\t\r\n ",
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE + "  \n".encode("utf-16-le"),
        "\u200b\n".encode(),
    ],
)
def test_empty_and_whitespace_only_refused(raw: bytes) -> None:
    with pytest.raises(IngestError, match=r"^empty file$"):
        decode_bytes(raw)


def test_cp1252_fallback_with_warning() -> None:
    raw = "Sessions said \x93I did not\x94 \x96 caf\xe9.\n".encode("latin-1")
    text, warnings = decode_bytes(raw)
    assert text == "Sessions said “I did not” – café.\n"
    assert warnings == ["decoded as Windows-1252 (not valid UTF-8: byte 0x93 at offset 14)"]


def test_damaged_utf8_keeps_utf8_and_warns() -> None:
    raw = TEXT.encode() * 3 + b"\x93 tail\n"
    text, warnings = decode_bytes(raw)
    assert text.startswith(TEXT * 3) and "\ufffd tail" in text
    assert "replaced with U+FFFD" in warnings[0]


def test_garbage_refused() -> None:
    rng = random.Random(1)
    raw = bytes(rng.randrange(1, 256) for _ in range(4000))
    with pytest.raises(
        IngestError, match=r"^not valid UTF-8 or UTF-16 text \(byte 0x[0-9a-f]{2} at offset \d+\)$"
    ):
        decode_bytes(raw)


def test_mostly_high_bytes_refused() -> None:
    with pytest.raises(IngestError, match="not valid UTF-8"):
        decode_bytes(bytes(range(0xA0, 0x100)) * 20)


def test_bad_utf16_after_bom_refused() -> None:
    with pytest.raises(IngestError, match="UTF-16"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8A\x00")  # lone surrogate


def test_error_messages_are_one_line() -> None:
    for raw in (b"\x89PNG\r\n\x1a\n", b"", b"a\x00b\x00\x01\x00\x02"):
        with pytest.raises(IngestError) as info:
            decode_bytes(raw)
        assert "\n" not in str(info.value)


# --- strip_controls ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("a\x00b\x01c\x07d\x08e\x7ff\x85g\x9fh", "abc" + "de" + "f\ng" + "h"),
        ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
        ("one\r\ntwo\rthree", "one\ntwo\nthree"),
        ("\x1b[31mred\x1b[0m \x1b[1;4mbold\x1b[m", "red bold"),
        ("\x1b[2J\x1b[H\x1b[?25lscreen", "screen"),
        ("\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ text", "link text"),
        ("\x1b]0;pwned title\x07after", "after"),
        ("\x1b]2;title\x1b\\x", "x"),
        ("\x1bP+q544e\x1b\\dcs", "dcs"),
        ("\x1b(Bcharset \x1b7save \x1bc reset", "charset save  reset"),
        ("\x9b31mc1-csi", "c1-csi"),
        ("zero\u200bwidth\u200c\u200d\u2060\ufeff!", "zerowidth!"),
        ("bidi \u202eevil\u202c \u2066iso\u2069 \u200fmark", "bidi evil iso mark"),
        ("page\fbreak\vline\u2028sep", "page\nbreak\nline\nsep"),
        ("plain “unicode” — café", "plain “unicode” — café"),
    ],
)
def test_strip_controls(dirty: str, clean: str) -> None:
    assert strip_controls(dirty) == clean


def test_strip_controls_leaves_no_escape_byte() -> None:
    out = strip_controls("\x1b[31m\x1b]0;t\x07\x1b\x1b" * 1000 + "\x1b[\nend")
    assert "\x1b" not in out
    assert out == "\nend"  # an unfinished CSI at a line end goes too


def test_strip_controls_fast_on_one_huge_line() -> None:
    line = ("Sessions said \x1b[31mred\x1b[0m “quote” \u200b café " * 110_000)[:5_000_000]
    start = time.perf_counter()
    out = strip_controls(line)
    assert time.perf_counter() - start < 3
    assert "\x1b" not in out and "\u200b" not in out and "\n" not in out


def test_strip_controls_fast_on_many_short_lines() -> None:
    text = "".join(f"line {i}\x07 caf\u00e9\r\n" for i in range(100_000))
    start = time.perf_counter()
    out = strip_controls(text)
    assert time.perf_counter() - start < 3
    assert out.count("\n") == 100_000 and "\r" not in out and "\x07" not in out


def test_decode_fast_on_large_file() -> None:
    raw = ("Sessions said “no”. " * 250_000).encode()
    start = time.perf_counter()
    text, _ = decode_bytes(raw)
    assert time.perf_counter() - start < 3
    assert len(text) == 20 * 250_000


def test_nul_after_utf8_bom_refused() -> None:
    with pytest.raises(IngestError, match="NUL"):
        decode_bytes(codecs.BOM_UTF8 + b"text\x00\x00more")


def test_ingest_does_not_import_textual() -> None:
    import subprocess
    import sys

    code = "import sys, workbench.ingest; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
