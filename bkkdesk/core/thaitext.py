"""Thai text: dictionary sort order and normalisation for search.

Python's ``sorted()`` and SQLite's BINARY collation order Thai by code point, which
puts every word that begins with a leading vowel (เ แ โ ใ ไ) after ฮ. District staff
expect the order of the Royal Institute dictionary, which is what ICU (and so
``QCollator(QLocale("th_TH"))``) gives. :func:`sort_key` reproduces that order in pure
Python so that ``core``, the database and the server all sort alike without Qt or ICU.
In SQLite, ``ORDER BY thai_key(x)`` (:func:`sort_bytes`, a registered function) costs
one Python call per row and then sorts bytes natively; the ``THAI`` collation
(:func:`compare`) costs a Python call per comparison, ~20 times as many on 100,000 rows.

Rules of :func:`sort_key` (an emulation of ICU's Thai collation at tertiary strength,
punctuation not ignored, numeric mode on):

1. The text is normalised to NFD; control and format characters (zero-width space,
   joiners, BOM …) are ignored.
2. Levels, as in the Unicode Collation Algorithm: two texts are compared first by their
   *primary* weights (base letters) over the whole text; only if those are all equal by
   their *secondary* weights (tone marks and other diacritics); then by *tertiary* weights
   (letter case and variant forms); finally by the text itself, so that the order is total
   and stable (``"02"`` and ``"2"`` tie in ICU; here ``"02"`` comes first).
3. Groups, in primary order: white space < punctuation < symbols and currency (ฯ ๆ ๏ ฿ are
   here) < numbers < Thai letters < Latin letters < letters of other scripts.
4. Numbers: a run of decimal digits (Arabic 0–9, Thai ๐–๙ or any other script's, mixed
   freely) is one number and compares by its value, leading zeros ignored:
   ``"ซอย 2" < "ซอย 10"`` and ``"ซอย ๓" == "ซอย 3"`` up to the final tie-break.
   (ICU 73 itself errs when a Thai digit follows a digit that both texts share, e.g. it
   puts ``"๒๒"`` before ``"๒a"``; this key does not copy that.)
5. Thai consonants ก … ฮ in alphabet order, with ฤ right after ร and ฦ right after ล.
   After the consonants come the vowels: ํ ะ ั า (ๅ is a variant of า) ิ ี ึ ื ุ ู
   เ แ โ ใ ไ, then ฺ. ำ counts as า followed by ํ (so กำ follows every กา… word), and so
   does ํา.
6. Leading vowels เ แ โ ใ ไ are not the primary letter of their syllable: followed by a
   consonant, they are swapped behind it (เกาะ is read ก เ า ะ; ใจ is read จ ใ). So
   กา < เกาะ < แกง < โกง < ไก่ < ขา < ใจ < ฮา.
7. Tone marks and other Thai signs ๎ ์ ็ ่ ้ ๊ ๋ weigh nothing at the primary level; at the
   secondary level they count in that order (ก < ก์ < ก็ < ก่ < ก้ < ก๊ < ก๋), so a tone
   mark only decides between words whose letters are all the same (เกา < เก่า < เก้า).
8. Latin letters compare without case at the primary level (accents are secondary, e.g.
   é after e; ß is ss, æ is ae, ø is o with a stroke); lower case comes before upper case
   at the tertiary level. Compatibility characters are spelled out (ﬁ as fi, ½ as 1⁄2,
   full-width Ａ as A, … as three full stops) and differ only at the tertiary level.
9. Empty text and ``None`` sort before everything.

:func:`normalize_for_search` is the one normalisation applied to both indexed text and
search queries.
"""

from __future__ import annotations

import re
import string
import struct
import unicodedata
from functools import lru_cache
from typing import Any

__all__ = ["SortKey", "compare", "normalize_for_search", "sort_bytes", "sort_key"]

SortKey = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], str]

# Primary weight groups (each far apart, so a group's weights never reach the next).
_GROUP = 1 << 32
_SPACE = 1 * _GROUP
_PUNCT = 2 * _GROUP
_DIGIT = 3 * _GROUP
_THAI = 4 * _GROUP
_LATIN = 5 * _GROUP
_OTHER = 6 * _GROUP

_COMMON = 1  # secondary weight of a base letter

# White space, punctuation and symbols in ICU's root order (taken from ICU 73).
# Characters on the same row of a tuple share a primary weight and differ at tertiary.
_SPACE_ORDER: tuple[str, ...] = ("\t", "\n", "\v", "\f", "\r", " \u3000\u00a0")
_PUNCT_ORDER: tuple[str, ...] = (
    "_", "-", "–", "—", ",", ";", ":", "!", "¡", "?", "¿", ".", "·", "'‘’", '"“”', "«", "»",
    "(", ")", "[", "]", "{", "}", "§", "¶", "@", "*", "/", "\\", "&", "#", "%", "‰", "•",
    "๏", "ฯ", "๚", "๛", "ๆ", "`", "^", "°", "©", "®", "+", "÷", "×", "<", "=", ">", "|",
    "~", "¢", "$", "£", "¥", "฿", "€", "№", "™",
)  # fmt: skip

_PRIMARY: dict[str, tuple[int, int]] = {}  # character -> (primary weight, tertiary)
for _i, _row in enumerate(_SPACE_ORDER):
    for _j, _c in enumerate(_row):
        _PRIMARY[_c] = (_SPACE + _i, _j)
_SLOT = 0x200000  # room between two listed symbols for every code point
for _i, _row in enumerate(_PUNCT_ORDER):
    for _j, _c in enumerate(_row):
        _PRIMARY[_c] = (_PUNCT + _i * _SLOT, _j)
# Unlisted punctuation goes just before the first symbol (`), unlisted symbols last.
_OTHER_PUNCT = _PUNCT + _PUNCT_ORDER.index("`") * _SLOT - _SLOT // 2
_OTHER_SYMBOL = _PUNCT + len(_PUNCT_ORDER) * _SLOT

# Thai consonants ก (U+0E01) … ฮ (U+0E2E): code point order is dictionary order
# (ฤ U+0E24 lies between ร and ล, ฦ U+0E26 between ล and ว).
_CONSONANTS = frozenset(chr(c) for c in range(0x0E01, 0x0E2F))
for _c in _CONSONANTS:
    _PRIMARY[_c] = (_THAI + ord(_c) - 0x0E00, 0)
_THAI_VOWELS = "ํะัาิีึืุูเแโใไฺ"
for _i, _c in enumerate(_THAI_VOWELS):
    _PRIMARY[_c] = (_THAI + 0x100 + _i, 0)
_PRIMARY["ๅ"] = (_PRIMARY["า"][0], 1)  # lakkhangyao: a variant of sara aa
# ASCII letters as _Weights.other() weighs them, looked up directly: codes such as ticket
# numbers are mostly ASCII, and this makes their keys a fifth faster.
for _c in string.ascii_letters:
    _PRIMARY[_c] = (_LATIN + ord(_c.lower()), 1 if _c.isupper() else 0)
_AA = _PRIMARY["า"][0]
_NIKHAHIT = _PRIMARY["ํ"][0]

_LEADING_VOWELS = frozenset("เแโใไ")
# Thai signs without primary weight, in ascending secondary order; as in ICU they weigh
# more than the accents of other scripts (so é < é่).
_THAI_SECONDARY = {c: (1 << 30) + i for i, c in enumerate("๎์็่้๊๋")}
_OTHER_MARK_BASE = 100  # secondary weights of other combining marks start here
_STROKE = _OTHER_MARK_BASE + 0x1000000  # ø, đ …: after every accent (ö < ø)
_COMPAT = 4  # tertiary weight added to a compatibility variant (ﬁ, ½, full-width Ａ …)

# Latin letters that do not decompose: base letters, then a secondary difference.
_LATIN_SPECIAL = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d",
    "ł": "l", "ı": "i", "þ": "th", "ħ": "h", "ŧ": "t",
}  # fmt: skip

_MAX_CACHED = 1000  # texts up to this length have their keys cached


def sort_key(text: str | None) -> SortKey:
    """Key for Thai dictionary order (module docstring); ``sorted(xs, key=sort_key)``."""
    if not text:
        return ((), (), (), "")
    if len(text) <= _MAX_CACHED:
        return _cached_key(text)
    return _key(text)


@lru_cache(maxsize=8192)
def _cached_key(text: str) -> SortKey:
    return _key(text)


class _Weights:
    """Collation elements of one text, split by level."""

    __slots__ = ("extra", "primary", "secondary", "tertiary")

    def __init__(self) -> None:
        self.primary: list[int] = []
        self.secondary: list[int] = []
        self.tertiary: list[int] = []
        self.extra = 0  # added to tertiary weights (compatibility variants)

    def base(self, weight: int, tert: int = 0) -> None:
        """A character with a primary weight (a letter, digit, space or symbol)."""
        self.primary.append(weight)
        self.secondary.append(_COMMON)
        self.tertiary.append(tert + self.extra)

    def mark(self, weight: int) -> None:
        """A character with no primary weight (a tone mark or an accent)."""
        self.secondary.append(weight)
        self.tertiary.append(0)

    def number(self, digits: list[int]) -> None:
        k = 0
        while k < len(digits) and digits[k] == 0:
            k += 1
        significant = digits[k:]
        # Length first, then the digits: a longer number is a larger one, and equal
        # lengths keep both sides aligned digit by digit.
        self.primary.append(_DIGIT + len(significant))
        self.primary.extend(significant)
        self.secondary.append(_COMMON)
        self.tertiary.append(0)

    def other(self, ch: str) -> None:
        """A character outside the Thai and punctuation tables."""
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Cs", "Co", "Cn"):
            return  # controls and format characters (zero-width space …) are ignorable
        if cat.startswith("M"):
            self.mark(_OTHER_MARK_BASE + unicodedata.combining(ch) * 0x10000 + ord(ch))
            return
        if cat.startswith("Z") or ch.isspace():
            self.base(_SPACE + len(_SPACE_ORDER), ord(ch))
            return
        if cat.startswith("P"):
            self.base(_OTHER_PUNCT + ord(ch))
            return
        if cat.startswith("S"):
            self.base(_OTHER_SYMBOL + ord(ch))
            return
        lower = ch.lower()
        upper_case = 1 if lower != ch else 0
        if len(lower) == 1 and "a" <= lower <= "z":
            self.base(_LATIN + ord(lower), upper_case)
            return
        special = _LATIN_SPECIAL.get(lower)
        if special is not None:
            for c in special:
                self.base(_LATIN + ord(c), upper_case)
            self.mark(_STROKE)
            return
        self.base(_OTHER + ord(lower[0]), upper_case)


def _decompose(text: str) -> tuple[str, list[bool] | None]:
    """NFD, with compatibility characters (ﬁ ½ Ⅳ ① Ａ …) spelled out as in ICU.

    Returns the text and, if anything was spelled out, which characters were.
    """
    s = unicodedata.normalize("NFD", text)
    if s.isascii():
        return s, None
    chars: list[str] = []
    variant: list[bool] = []
    changed = False
    for ch in s:
        if ch in _PRIMARY or "\u0e00" <= ch <= "\u0e7f" or ch.isascii():
            chars.append(ch)
            variant.append(False)
            continue
        compat = unicodedata.normalize("NFKD", ch)
        chars.extend(compat)
        variant.extend([compat != ch] * len(compat))
        changed = changed or compat != ch
    return ("".join(chars), variant) if changed else (s, None)


def _key(text: str) -> SortKey:
    s, variant = _decompose(text)
    w = _Weights()
    n = len(s)
    i = 0
    while i < n:
        ch = s[i]
        nxt = s[i + 1] if i + 1 < n else ""
        if variant is not None:
            w.extra = _COMPAT if variant[i] else 0
        if ch in _LEADING_VOWELS and nxt in _CONSONANTS:
            w.base(_PRIMARY[nxt][0])  # the consonant first, then its leading vowel
            w.base(_PRIMARY[ch][0])
            i += 2
        elif ch == "ํ" and nxt in ("า", "ๅ"):  # written ํ + า: sorts as ำ
            w.base(_AA, 1 if nxt == "า" else 3)
            w.base(_NIKHAHIT, 1)
            i += 2
        elif ch == "ำ":
            w.base(_AA, 2)
            w.base(_NIKHAHIT, 2)
            i += 1
        elif ch in _PRIMARY:
            weight, tert = _PRIMARY[ch]
            w.base(weight, tert)
            i += 1
        elif ch in _THAI_SECONDARY:
            w.mark(_THAI_SECONDARY[ch])
            i += 1
        elif unicodedata.decimal(ch, None) is not None:
            j = i + 1
            while j < n and unicodedata.decimal(s[j], None) is not None:
                j += 1
            w.number([unicodedata.decimal(c) for c in s[i:j]])
            i = j
        else:
            w.other(ch)
            i += 1
    return (tuple(w.primary), tuple(w.secondary), tuple(w.tertiary), text)


def sort_bytes(text: Any) -> bytes | None:
    """:func:`sort_key` as bytes that compare in the same order (SQLite ``thai_key``).

    Each level's weights are 8-byte big-endian numbers one above the weight, levels end
    with eight zero bytes (below any weight, so a shorter level sorts first, as in a
    tuple), and the text itself follows as UTF-8 (byte order is code point order).
    ``None`` (SQL NULL) stays ``None``; other values sort as their text.
    """
    if text is None:
        return None
    if not isinstance(text, str):
        text = str(text)
    if len(text) <= _MAX_CACHED:
        return _cached_bytes(text)
    return _encode(_key(text))


_LEVEL_END = bytes(8)


def _pack(weights: tuple[int, ...]) -> bytes:
    return struct.pack(f">{len(weights)}Q", *[w + 1 for w in weights])


def _encode(key: SortKey) -> bytes:
    primary, secondary, tertiary, text = key
    return b"".join((
        _pack(primary), _LEVEL_END, _pack(secondary), _LEVEL_END, _pack(tertiary),
        _LEVEL_END, text.encode("utf-8", "surrogatepass"),
    ))


@lru_cache(maxsize=65536)
def _cached_bytes(text: str) -> bytes:
    return _encode(_key(text))


def compare(a: str | None, b: str | None) -> int:
    """-1, 0 or 1 as ``a`` sorts before, with or after ``b`` (a SQLite collation)."""
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def normalize_for_search(text: str | None) -> str:
    """Fold text for search: apply the same function to indexed text and to queries.

    NFC (which also puts a tone mark and a lower vowel typed in either order into one
    order), zero-width characters and soft hyphens removed, two look-alike spellings
    folded (ํ + า into ำ, เ + เ into แ: both look the same on screen and are common
    typing slips), Thai digits turned into Arabic ones, case folded, runs of white space
    collapsed to one space and trimmed.
    """
    if not text:
        return ""
    s = unicodedata.normalize("NFC", text)
    s = _ZERO_WIDTH.sub("", s).replace("ํา", "ำ").replace("เเ", "แ")
    s = unicodedata.normalize("NFC", s.translate(_THAI_DIGITS).casefold())
    return " ".join(s.split())
