"""What was learned, as plain arrays: the terms and their weights (idf), and per label a weight per
term (a multinomial logistic regression). Stored as a JSON header and raw arrays, compressed — no
pickle, so a stored model is data, never code — and read back without scikit-learn (a staff
page's kernel only multiplies)."""
from __future__ import annotations

import hashlib
import json
import math
import struct
import zlib
from collections import Counter
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .text import FILLER, HAN, normalise, terms

VERSION = 1
UNSEEN = 2 ** 18    # buckets for terms the history never had (a new estate's name): they count most in a duplicate
# How much the network's own place names count in a duplicate (measured on the corpus's 30 pairs
# among 20,000 open cases: 1.0 → 28 found in the top three and an unrelated case of the same town at
# 0.20; 0.3 → 29 found and that case at 0.12; 0 → 29, 0.11, but two tellings' shared town no longer helps).
PLACE_WEIGHT = 0.3


def features(text: str) -> list[str]:
    """The model's features of a text: its terms (words and character pairs) and its single characters."""
    text = normalise(text)
    return terms(text) + [f"^{c}" for run in HAN.findall(text) for c in run]


@dataclass
class Labels:
    """One suggestion's labels and weights: scores = softmax(x · coef.T + intercept)."""

    names: list[str]
    coef: np.ndarray          # labels × features, float32
    intercept: np.ndarray     # labels, float32

    def scores(self, x: sp.csr_matrix) -> np.ndarray:
        z = np.asarray(x @ self.coef.T).ravel() + self.intercept
        z = np.exp(z - z.max())
        return z / z.sum()


@dataclass
class Model:
    """The vocabulary, its idf, the category and department labels, and the counties known to the
    department suggestion (a county's own units answer its matters)."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    categories: Labels
    departments: Labels
    counties: list[int]

    def vectors(self, texts: list[str], county_ids: list[int | None] | None = None) -> sp.csr_matrix:
        """tf-idf rows (sublinear tf, unit length), with a county column after the terms when asked."""
        indptr, indices, values = [0], [], []
        width = len(self.vocabulary)
        position = {c: width + i for i, c in enumerate(self.counties)}
        for row, text in enumerate(texts):
            counts = Counter(i for i in map(self.vocabulary.get, features(text)) if i is not None)
            cols = sorted(counts)
            vals = [(1.0 + math.log(counts[c])) * float(self.idf[c]) for c in cols]
            norm = math.sqrt(sum(v * v for v in vals)) or 1.0
            vals = [v / norm for v in vals]
            if county_ids is not None and county_ids[row] in position:
                cols.append(position[county_ids[row]])
                vals.append(1.0)
            indices += cols
            values += vals
            indptr.append(len(indices))
        columns = width + (len(self.counties) if county_ids is not None else 0)
        return sp.csr_matrix((np.array(values, dtype=np.float32), np.array(indices, dtype=np.int32),
                              np.array(indptr, dtype=np.int64)), shape=(len(texts), columns))

    def similarity_vectors(self, texts: list[str], find_places=None) -> sp.csr_matrix:
        """tf-idf rows for finding the same matter: like `vectors`, but a term the history never had is
        kept (hashed into UNSEEN buckets, with the largest idf: it is the rarest) — a place's name
        told twice is the best sign of a duplicate, and a new place is in no vocabulary. The features
        of the network's own place names (`find_places`, toolkit.triage.places) count PLACE_WEIGHT."""
        width, top = len(self.vocabulary), float(self.idf.max()) if len(self.idf) else 1.0
        indptr, indices, values = [0], [], []
        for text in texts:
            counts = Counter(features(FILLER.sub(" ", normalise(text))))
            places = {t for p in find_places(text) for t in features(p)} if find_places else set()
            weights: dict[int, float] = {}
            for term, n in counts.items():
                i = self.vocabulary.get(term)
                col = i if i is not None else width + zlib.crc32(term.encode()) % UNSEEN
                weight = (1.0 + math.log(n)) * (float(self.idf[i]) if i is not None else top)
                weights[col] = weights.get(col, 0.0) + weight * (PLACE_WEIGHT if term in places else 1.0)
            cols = sorted(weights)
            norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
            indices += cols
            values += [weights[c] / norm for c in cols]
            indptr.append(len(indices))
        return sp.csr_matrix((np.array(values, dtype=np.float32), np.array(indices, dtype=np.int32),
                              np.array(indptr, dtype=np.int64)), shape=(len(texts), width + UNSEEN))

    # -- storage -------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        arrays = {"idf": self.idf, "cat_coef": self.categories.coef, "cat_intercept": self.categories.intercept,
                  "dept_coef": self.departments.coef, "dept_intercept": self.departments.intercept}
        header = {"version": VERSION, "terms": sorted(self.vocabulary, key=self.vocabulary.get),
                  "categories": self.categories.names, "departments": self.departments.names,
                  "counties": self.counties, "arrays": {}}
        body, offset = [], 0
        for name, a in arrays.items():
            raw = np.ascontiguousarray(a, dtype="<f4").tobytes()
            header["arrays"][name] = [list(a.shape), offset, len(raw)]
            body.append(raw)
            offset += len(raw)
        head = json.dumps(header, ensure_ascii=False, sort_keys=True).encode()
        return zlib.compress(struct.pack("<Q", len(head)) + head + b"".join(body), 6)

    @classmethod
    def from_bytes(cls, data: bytes) -> "Model":
        raw = zlib.decompress(data)
        (n,) = struct.unpack("<Q", raw[:8])
        header = json.loads(raw[8:8 + n])
        if header.get("version") != VERSION:
            raise ValueError("model version")
        body = raw[8 + n:]
        a = {name: np.frombuffer(body, dtype="<f4", count=size // 4, offset=offset).reshape(shape)
             for name, (shape, offset, size) in header["arrays"].items()}
        return cls({t: i for i, t in enumerate(header["terms"])}, a["idf"],
                   Labels(header["categories"], a["cat_coef"], a["cat_intercept"]),
                   Labels(header["departments"], a["dept_coef"], a["dept_intercept"]), header["counties"])


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


