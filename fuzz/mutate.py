"""Generic mutations of bytes and text, and the hostile pieces they splice in.

Every function takes a :class:`random.Random`, so that a seed and an input number give the same
input again (the driver regenerates a failing input from them to keep it as a reproducer).
"""

from __future__ import annotations

import random
import re

HUGE_NUMBERS: tuple[str, ...] = (
    "9" * 400,
    "1" + "0" * 5000,
    "1e999999999",
    "1E20591620717411303424",
    "1e40000000000",
    "1e-99999999",
    "-0",
    "0e0",
    "2.0",
    "9007199254740993",
    "1e300000000",
    "NaN",
    "Infinity",
    "-Infinity",
    "0x1F",
    "1,000,000,000,000,000",
    "１２３４５６７",
    "٣٤٥",
    "१२",
    "Ⅻ",
    "一千万亿亿亿",
    "壹仟万亿",
    "1.0000000000000000000000001",
    "-9223372036854775809",
    "18446744073709551616",
)
"""Numbers a reader must bound before converting or printing them."""

CONTROL: tuple[str, ...] = (
    *(chr(c) for c in range(32) if chr(c) not in "\t\n\r"),
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\u200b",
    "\u202e",
    "\u3000",
    "\xa0",
    "\ufffd",
    "\U0010ffff",
    "\u0301",
    "\ud800",  # a lone surrogate: encoding it needs surrogatepass, which makes invalid UTF-8
)
"""Control, format and odd characters."""

UNICODE: tuple[str, ...] = (
    "表二",
    "（一）",
    "第十三条",
    "合计",
    "总计",
    "行政复议",
    "𠀀𠀁",
    "ｱｲｳ",
    "Ǆ",
    "ﬃ",
    "İ",
    "ß",
    "\u0e01\u0e34",
    "🇨🇳",
    "a\u0300\u0301\u0302\u0303",
)
"""Text of the reports' own script and of others (wide, combining, case-changing)."""


def pick(rng: random.Random, items: tuple[str, ...] | list[str]) -> str:
    """One item of ``items``."""
    return items[rng.randrange(len(items))]


def random_text(rng: random.Random, n: int) -> str:
    """``n`` characters from every class: ASCII, CJK, control, any code point."""
    out: list[str] = []
    for _ in range(n):
        k = rng.random()
        if k < 0.3:
            out.append(chr(rng.randrange(32, 127)))
        elif k < 0.6:
            out.append(chr(rng.randrange(0x4E00, 0x9FFF)))
        elif k < 0.7:
            out.append(pick(rng, CONTROL))
        elif k < 0.8:
            out.append(rng.choice("0123456789"))
        else:
            cp = rng.randrange(0x110000)
            out.append(chr(cp))
    return "".join(out)


def nesting(rng: random.Random, kind: str) -> str:
    """A deeply nested or unclosed construct of ``kind`` (``html``, ``json``, ``md``, ``text``)."""
    depth = rng.choice([50, 500, 5000, 50_000])
    if kind == "html":
        tag = pick(rng, ["<div>", "<table><tr><td>", "<span>", "<p>", "<td>", "<b><i>", "<tr>"])
        return tag * depth
    if kind == "json":
        return pick(rng, ["[", '{"a":', '{"t2":{"x":', "[{"]) * depth
    if kind == "md":
        return pick(rng, ["> ", "- ", "|", "#", "`", "*", "[", "<table>"]) * depth
    return pick(rng, ["（", "一、", "\t", "|", "│"]) * depth


_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")


def mutate_text(rng: random.Random, text: str, kind: str = "text", rounds: int = 0) -> str:
    """``text`` with a few random changes (numbers, lines, characters, nesting, splices)."""
    rounds = rounds or rng.choice([1, 1, 2, 3, 5])
    for _ in range(rounds):
        text = _one_text_change(rng, text, kind)
    return text


def _one_text_change(rng: random.Random, text: str, kind: str) -> str:
    n = len(text)
    at = rng.randrange(n + 1)
    op = rng.randrange(12)
    if op == 0:  # a number replaced by a hostile one
        numbers = list(_NUMBER_RE.finditer(text))
        if numbers:
            m = numbers[rng.randrange(len(numbers))]
            return text[: m.start()] + pick(rng, HUGE_NUMBERS) + text[m.end() :]
        return text[:at] + pick(rng, HUGE_NUMBERS) + text[at:]
    if op == 1:
        return text[:at] + pick(rng, CONTROL) * rng.choice([1, 1, 3, 1000]) + text[at:]
    if op == 2:
        return text[:at] + random_text(rng, rng.choice([1, 10, 100])) + text[at:]
    if op == 3:
        return text[:at] + nesting(rng, kind) + text[at:]
    if op == 4:  # delete a range
        end = min(n, at + rng.choice([1, 10, 100, 1000]))
        return text[:at] + text[end:]
    if op == 5:  # duplicate a range elsewhere
        a = rng.randrange(n + 1)
        b = min(n, a + rng.choice([10, 100, 1000, 10_000]))
        return text[:at] + text[a:b] * rng.choice([1, 2, 10]) + text[at:]
    if op == 6:  # lines shuffled locally
        lines = text.split("\n")
        if len(lines) > 2:
            i = rng.randrange(len(lines) - 1)
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        return "\n".join(lines)
    if op == 7:  # a line repeated many times
        lines = text.split("\n")
        i = rng.randrange(len(lines))
        lines[i:i] = [lines[i]] * rng.choice([2, 50, 2000])
        return "\n".join(lines)
    if op == 8:
        return text[:at] + pick(rng, UNICODE) + text[at:]
    if op == 9:  # truncated
        return text[:at]
    if op == 10:  # every number replaced
        return _NUMBER_RE.sub(lambda _: pick(rng, HUGE_NUMBERS[:8]), text, count=rng.randrange(50))
    # whitespace of another kind
    return text.replace(pick(rng, [" ", "\t", "\n", "\r\n"]), pick(rng, CONTROL), rng.randrange(20))


def mutate_bytes(rng: random.Random, data: bytes, rounds: int = 0) -> bytes:
    """``data`` with a few byte-level changes (flips, inserts, deletes, splices, digits)."""
    buf = bytearray(data)
    for _ in range(rounds or rng.choice([1, 1, 2, 4, 8])):
        n = len(buf)
        at = rng.randrange(n + 1)
        op = rng.randrange(7)
        if op == 0 and n:
            buf[min(at, n - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            buf[at:at] = rng.randbytes(rng.choice([1, 4, 64, 512]))
        elif op == 2:
            del buf[at : at + rng.choice([1, 16, 256, 4096])]
        elif op == 3:
            a = rng.randrange(n + 1)
            buf[at:at] = buf[a : a + rng.choice([8, 64, 1024])]
        elif op == 4:  # digits changed (lengths, offsets, counts, coordinates)
            digits = [i for i in range(max(0, at - 4096), min(n, at + 4096)) if 48 <= buf[i] <= 57]
            for i in rng.sample(digits, min(len(digits), rng.randint(1, 8))):
                buf[i] = rng.choice(b"0123456789")
        elif op == 5:
            buf[at:at] = pick(rng, HUGE_NUMBERS).encode()
        else:
            del buf[at:]
    return bytes(buf)


def encode(rng: random.Random, text: str) -> bytes:
    """``text`` as bytes: mostly UTF-8, sometimes with a BOM, GB18030 or UTF-16."""
    k = rng.random()
    if k < 0.8:
        return text.encode("utf-8", "surrogatepass")
    if k < 0.87:
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    if k < 0.95:
        return text.encode("gb18030", "replace")
    return text.encode("utf-16", "surrogatepass")
