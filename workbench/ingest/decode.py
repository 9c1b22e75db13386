"""Turn the raw bytes of an article file into text, or refuse them with a reason.

Articles arrive as whatever a reviewer saved from a browser or a colleague
mailed: UTF-8, UTF-8 with a BOM (Windows Notepad), UTF-16 (Word "Unicode
text"), Windows-1252 (old Windows tools), and now and then a PDF or a PNG
renamed ``.txt``. Every stored offset points into the decoded text, so the
decoding must be deterministic and must never guess silently: anything that
is not plain UTF-8 produces a warning, and anything that is not plausibly
text is refused with an :class:`IngestError` that says what it looks like.

:func:`strip_controls` then removes what a terminal would interpret (ANSI
escapes, C0/C1 controls) or what would make two identical-looking sentences
differ (zero-width and bidirectional formatting characters), because the text
is both shown in a TUI and compared across articles.
"""

from __future__ import annotations

import codecs
import re

from .errors import IngestError

# (prefix, offset, human name). Checked before anything else: a PNG renamed
# .txt must be refused by name, not decoded as Windows-1252 mojibake.
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "PNG image"),
    (b"\xff\xd8\xff", 0, "JPEG image"),
    (b"GIF87a", 0, "GIF image"),
    (b"GIF89a", 0, "GIF image"),
    (b"%PDF-", 0, "PDF document"),
    (b"PK\x03\x04", 0, "ZIP archive, e.g. .docx/.xlsx/.odt/.epub"),
    (b"PK\x05\x06", 0, "ZIP archive"),
    (b"PK\x07\x08", 0, "ZIP archive"),
    (b"\x1f\x8b", 0, "gzip archive"),
    (b"BZh", 0, "bzip2 archive"),
    (b"\xfd7zXZ\x00", 0, "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", 0, "Zstandard archive"),
    (b"Rar!\x1a\x07", 0, "RAR archive"),
    (b"ustar", 257, "tar archive"),
    (b"SQLite format 3\x00", 0, "SQLite database"),
    (b"\x7fELF", 0, "ELF executable"),
    (b"\xfe\xed\xfa\xce", 0, "Mach-O executable"),
    (b"\xfe\xed\xfa\xcf", 0, "Mach-O executable"),
    (b"\xce\xfa\xed\xfe", 0, "Mach-O executable"),
    (b"\xcf\xfa\xed\xfe", 0, "Mach-O executable"),
    (b"\xca\xfe\xba\xbe", 0, "Java class or Mach-O universal binary"),
    (b"\x00asm", 0, "WebAssembly module"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "legacy Microsoft Office document (.doc/.xls)"),
    (b"II*\x00", 0, "TIFF image"),
    (b"MM\x00*", 0, "TIFF image"),
    (b"OggS", 0, "Ogg media"),
    (b"ID3", 0, "MP3 audio"),
    (b"fLaC", 0, "FLAC audio"),
    (b"\x1aE\xdf\xa3", 0, "Matroska/WebM video"),
    (b"wOFF", 0, "WOFF font"),
    (b"wOF2", 0, "WOFF2 font"),
)

# BOMs, longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

# Control bytes that never occur in real text (tab, LF, FF, CR and ESC can).
_BAD_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_BAD_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_HIGH_BYTES = re.compile(rb"[\x80-\xff]")
_SAMPLE = 65536


_MAGIC_AT_0 = tuple(magic for magic, offset, _ in _MAGIC if offset == 0)
_MAGIC_LATER = tuple((magic, offset) for magic, offset, _ in _MAGIC if offset)


def _sniff_magic(raw: bytes) -> str | None:
    """Name the binary format ``raw`` starts with, if it is a known one."""
    # why: one C-level test for the usual text file (no magic at all), not a slice per entry
    if raw.startswith(_MAGIC_AT_0) or any(raw[o : o + len(m)] == m for m, o in _MAGIC_LATER):
        for magic, offset, name in _MAGIC:
            if raw[offset : offset + len(magic)] == magic:
                return name
    head = raw[:64]
    # Two-letter magics are too weak on their own ("MZ is ..." is valid text),
    # so require a NUL byte near the start as well.
    if b"\x00" in head:
        if head.startswith(b"MZ"):
            return "Windows executable"
        if head.startswith(b"BM"):
            return "BMP image"
    if raw[:4] == b"RIFF" and raw[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}[raw[8:12]]
    if raw[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    return None


def _utf16_without_bom(raw: bytes) -> str | None:
    """Return ``"utf-16-le"``/``"utf-16-be"`` when NULs alternate like UTF-16 text.

    Mostly-Latin UTF-16 has a NUL in every other byte (odd offsets for LE,
    even for BE) and almost none on the other side; binary data does not.
    """
    sample = raw[:_SAMPLE]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls >= 0.4 * pairs and even_nuls <= 0.02 * pairs:
        return "utf-16-le"
    if even_nuls >= 0.4 * pairs and odd_nuls <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _control_ratio(text: str) -> float:
    """Share of characters in a sample that are controls no text file contains."""
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    bad = len(_BAD_CONTROL_CHARS.findall(sample))
    return bad / len(sample)


def _check_not_empty(text: str) -> None:
    if not strip_controls(text).strip():
        raise IngestError("empty file")


def decode_bytes(raw: bytes) -> tuple[str, list[str]]:
    """Decode an article file's bytes; return ``(text, warnings)``.

    Accepted: UTF-8, UTF-8/UTF-16/UTF-32 with a byte-order mark (the BOM is
    removed, so offsets start at the first real character), UTF-16 without a
    BOM when NULs alternate (warning), and Windows-1252 when the bytes are not
    UTF-8 but look like text (warning). Everything else raises
    :class:`IngestError`: known binary formats by name, files with NUL bytes,
    empty or whitespace-only files, and undecodable bytes.

    The returned text is not yet passed through :func:`strip_controls`.
    """
    if not raw:
        raise IngestError("empty file")
    kind = _sniff_magic(raw)
    if kind:
        raise IngestError(f"binary file (looks like {kind}), not text")

    for bom, codec, label in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"not valid {label} text despite its byte-order mark "
                    f"({exc.reason} at offset {exc.start + len(bom)})"
                ) from None
            if "\x00" in text:
                raise IngestError("binary file (contains NUL characters), not text")
            _check_not_empty(text)
            return text, []

    warnings: list[str] = []
    if b"\x00" in raw:
        codec = _utf16_without_bom(raw)
        if codec is None:
            raise IngestError("binary file (contains NUL bytes), not text")
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            raise IngestError("binary file (contains NUL bytes), not text") from None
        if _control_ratio(text) > 0.01:
            raise IngestError("binary file (contains NUL bytes), not text")
        label = "UTF-16 LE" if codec == "utf-16-le" else "UTF-16 BE"
        warnings.append(f"no byte-order mark; decoded as {label}")
        _check_not_empty(text)
        return text, warnings

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = _decode_non_utf8(raw, exc, warnings)
    _check_not_empty(text)
    return text, warnings


def _decode_non_utf8(raw: bytes, exc: UnicodeDecodeError, warnings: list[str]) -> str:
    """Handle bytes that are not valid UTF-8: damaged UTF-8, cp1252, or garbage."""
    bad_byte = raw[exc.start]
    where = f"byte 0x{bad_byte:02x} at offset {exc.start}"
    refusal = IngestError(f"not valid UTF-8 or UTF-16 text ({where})")
    sample = raw[:_SAMPLE]
    if len(_BAD_CONTROL_BYTES.findall(sample)) > 0.01 * len(sample):
        raise refusal
    high = len(_HIGH_BYTES.findall(sample))
    if high > 0.3 * len(sample):
        # Real Western text in a legacy code page is mostly ASCII; random bytes are not.
        raise refusal

    replaced = raw.decode("utf-8", errors="replace")
    invalid = replaced.count("\ufffd") - raw.count(b"\xef\xbf\xbd")
    multibyte = len(_UTF8_MULTIBYTE.findall(raw))
    if multibyte and multibyte >= invalid:
        # Mostly good UTF-8 with a few damaged bytes: reading it as cp1252
        # would turn every curly quote into mojibake, so keep UTF-8.
        warnings.append(
            f"not valid UTF-8 ({where}); {invalid} bad byte sequence(s) replaced with U+FFFD"
        )
        return replaced
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        raise refusal from None
    warnings.append(f"decoded as Windows-1252 (not valid UTF-8: {where})")
    return text


# --- control characters ------------------------------------------------------

# Whole escape sequences first (so "ESC[31m" goes, not just ESC), then the
# single characters. One alternation, one C-level pass, no Python loop.
_CONTROL_RE = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]                 # CSI: ESC [ params intermediates final
    | \x9b[0-?]*[ -/]*[@-~]                   # 8-bit CSI
    | \x1b\][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?   # OSC ... BEL or ST (ESC \)
    | \x9d[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?     # 8-bit OSC
    | \x1b[PX^_][^\x1b\x9c\n]*(?:\x1b\\|\x9c)?        # DCS, SOS, PM, APC ... ST
    | \x1b[ -/]*[0-~]                         # other ESC sequences (ESC ( B, ESC 7, ESC c)
    | [\x00-\x08\x0b-\x1f\x7f-\x9f]           # C0 except tab and newline, DEL, C1, lone ESC
    | [\u200b-\u200f\u2060\ufeff\u061c]       # zero-width characters and LRM/RLM/ALM marks
    | [\u202a-\u202e\u2066-\u2069]            # bidirectional embeddings, overrides, isolates
    """,
    re.VERBOSE,
)
_QUICK_CHECK = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2060\ufeff\u061c\u202a-\u202e\u2066-\u2069]"
)
_PLAIN = bytes([0x0A, *range(0x20, 0x7F)])  # printable ASCII and newline
_SAMPLE_CHARS = 512  # shorter texts are searched directly; longer ones judged from this much


def holds_any(char_class: re.Pattern[str], text: str) -> bool:
    """``char_class.search(text) is not None``, for a class of characters other
    than printable ASCII and newline (a control, a tab, an unusual space).

    Why: a character class costs about 3 ns per character of an article.
    Mostly-ASCII text is encoded, its plain bytes deleted in one C pass, and
    the class searched in the few characters left: three times faster.
    (Deleting whole one-byte characters leaves the other UTF-8 sequences
    intact.) Short text, and text that is mostly not ASCII (Cyrillic, CJK)
    judged from its start, is searched directly: there the detour would only
    add work.
    """
    if len(text) <= _SAMPLE_CHARS or len(_unusual(text[:_SAMPLE_CHARS])) * 8 > _SAMPLE_CHARS:
        return char_class.search(text) is not None
    return char_class.search(_unusual(text)) is not None


def _unusual(text: str) -> str:
    """The characters of ``text`` other than printable ASCII and newline, in order."""
    return text.encode("utf-8", "surrogatepass").translate(None, _PLAIN).decode("utf-8", "surrogatepass")


# Page and line separators separate text; deleting them would glue words.
_SEPARATORS = (("\f", "\n"), ("\v", "\n"), ("\x85", "\n"), ("\u2028", "\n"), ("\u2029", "\n\n"))


def strip_controls(text: str) -> str:
    """Remove what a terminal would interpret or a reader cannot see.

    Deletes C0 controls (except newline and tab), DEL and C1 controls, whole
    ANSI/VT escape sequences (CSI such as ``ESC[31m``, OSC hyperlinks and
    window titles ended by BEL or ``ESC \\``, DCS/APC strings), zero-width
    characters and bidirectional overrides/isolates. ``\\r\\n`` and ``\\r``
    become ``\\n``; form feed, vertical tab, NEL and U+2028/U+2029 become line
    breaks rather than vanishing, so the words they separate stay apart.

    Runs as a handful of C-level passes (``str.replace``, ``str.translate``,
    one regex; no per-character Python loop), so a 5 MB single line or 100,000 short lines take milliseconds
    to a few hundred milliseconds.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not holds_any(_QUICK_CHECK, text):
        return text
    for old, new in _SEPARATORS:
        if old in text:
            text = text.replace(old, new)
    return _CONTROL_RE.sub("", text)


_VISIBLE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2060\ufeff\u061c\u202a-\u202e\u2066-\u2069]")


def show_controls(text: str) -> str:
    """``text`` safe to print on a terminal, with nothing hidden: every character
    :func:`strip_controls` would remove is shown as a ``\\xNN``/``\\uNNNN`` escape.

    For names the user gave (file names, reviewer names) in one-line messages,
    where deleting characters would name a different file.
    """
    if _VISIBLE_RE.search(text) is None:
        return text
    return _VISIBLE_RE.sub(
        lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text
    )
