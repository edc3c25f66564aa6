"""Near-duplicate articles: MinHash over word shingles (datasketch).

A republished copy with a new intro line, an edited sentence or a "Sumber: ..." line is
not an exact copy, but shares most of its 5-word shingles with the original. The
signature (128 permutations, 512 bytes) is stored with the article, so a new article is
compared with the stored ones without re-reading their text.
"""

from __future__ import annotations

import re
import zlib

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 5
THRESHOLD = 0.6  # estimated Jaccard similarity of shingle sets above which two texts are copies
_SEED = 1
_SCHEME = "affine32"  # 32-bit hash values: the stored signature is 4 bytes per permutation


def _shingles(text: str) -> set[bytes]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()}
    return {" ".join(words[i: i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> bytes:
    # crc32 (C, deterministic across processes) instead of the default sha1 per shingle
    m = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME, hashfunc=zlib.crc32)
    m.update_batch(list(_shingles(text)))
    return np.asarray(m.hashvalues, dtype=np.uint32).tobytes()


def _minhash(sig: bytes) -> LeanMinHash:
    return LeanMinHash(seed=_SEED, hashvalues=np.frombuffer(sig, dtype=np.uint32), scheme=_SCHEME)


def similarity(a: bytes, b: bytes) -> float:
    return _minhash(a).jaccard(_minhash(b))


def near_duplicate_groups(items: list[tuple[str, bytes]], threshold: float = THRESHOLD) -> list[set[str]]:
    """Groups of ids whose texts are near-duplicates (connected by similarity >= threshold)."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    hashes = {}
    for key, sig in items:
        mh = _minhash(sig)
        hashes[key] = mh
        lsh.insert(key, mh)
    parent = {k: k for k in hashes}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for key, mh in hashes.items():
        for other in lsh.query(mh):
            if other != key and hashes[key].jaccard(hashes[other]) >= threshold:
                parent[find(key)] = find(other)
    groups: dict[str, set[str]] = {}
    for k in hashes:
        groups.setdefault(find(k), set()).add(k)
    return [g for g in groups.values() if len(g) > 1]
