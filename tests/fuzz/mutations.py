"""Ways a real file gets damaged: flipped bytes, cut short, and (for the zip-based formats: .docx,
.xlsx, .odt, .qdpx) edits inside the container that a byte flip rarely reaches, because the zip's
checksums would reject them first: a member's XML broken, cut, given an entity, or a member
dropped, duplicated or renamed, each written back as a valid zip.

Every mutation is a pure function of the seed bytes and a ``random.Random``, so a failing case
is reproduced from hypothesis's seed alone.
"""

from __future__ import annotations

import io
import random
import warnings
import zipfile
from collections.abc import Callable

Mutation = Callable[[bytes, random.Random], bytes]

XML_DAMAGE = [b"<", b"&", b"]]>", b"</w:p>", b"\x00", b"\xff\xfe", b"<x", b'"', b"&bogus;"]
ENTITY = b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] ^= rng.randint(1, 255)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def insert_controls(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        out.insert(rng.randrange(len(out) + 1), rng.choice([0, 1, 7, 11, 12, 27, 127]))
    return bytes(out)


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(info, zf.read(info)) for info in zf.infolist()]


def _rezip(members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        warnings.simplefilter("ignore")  # a duplicated member is one of the damages we make
        for info, body in members:
            zf.writestr(info.filename, body)
    return buf.getvalue()


def _xml_members(members: list[tuple[zipfile.ZipInfo, bytes]]) -> list[int]:
    found = [i for i, (info, _) in enumerate(members) if info.filename.endswith((".xml", ".qde"))]
    return found or list(range(len(members)))


def damage_member(data: bytes, rng: random.Random) -> bytes:
    """Break the XML (or the text source) of one member: cut it, or put markup in it."""
    members = _members(data)
    pool = _xml_members(members) if rng.random() < 0.7 else list(range(len(members)))
    i = rng.choice(pool)
    info, body = members[i]
    how = rng.randrange(4)
    if how == 0 and body:
        body = body[: rng.randrange(len(body))]
    elif how == 1:
        at = rng.randrange(len(body) + 1)
        body = body[:at] + rng.choice(XML_DAMAGE) + body[at:]
    elif how == 2:
        body = ENTITY + body.split(b"?>", 1)[-1].replace(b">", b">&b;", 1)
    elif body:
        body = flip_bytes(body, rng)
    members[i] = (info, body)
    return _rezip(members)


def edit_members(data: bytes, rng: random.Random) -> bytes:
    """Drop, duplicate or rename one member, or add a hostile name."""
    members = _members(data)
    i = rng.randrange(len(members))
    how = rng.randrange(4)
    if how == 0 and len(members) > 1:
        del members[i]
    elif how == 1:
        members.append(members[i])
    elif how == 2:
        info, body = members[i]
        members[i] = (zipfile.ZipInfo(info.filename + ".renamed"), body)
    else:
        members.append((zipfile.ZipInfo(rng.choice(["../evil.txt", "/abs.txt", "a\\..\\b"])), b"x"))
    return _rezip(members)


TEXT_MUTATIONS: list[Mutation] = [flip_bytes, truncate, insert_controls]
ZIP_MUTATIONS: list[Mutation] = [flip_bytes, truncate, damage_member, edit_members]
ZIP_SUFFIXES = {".docx", ".xlsx", ".odt", ".qdpx"}


def mutations_for(suffix: str) -> list[Mutation]:
    return ZIP_MUTATIONS if suffix in ZIP_SUFFIXES else TEXT_MUTATIONS
