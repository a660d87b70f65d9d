#!/usr/bin/env python3
"""NumPy reference of the engine's GPTQ (quantization.md §2.3) and the fixture the unit test reads.

Writes tests/fixtures/quant/gptq_small.safetensors holding a small layer (W [48, 128], calibration
inputs X [300, 128] with a few loud channels, H = X^T X) and the dequantised result of GPTQ for three
settings, computed here independently of the engine:

  q4_0_g32         Q4_0 codes (ggml's d = m / -8), groups of 32, blocks of 64 columns
  int4_asym_g64_ao zero-point int4, groups of 64, act-order (static groups), blocks of 32
  q8_0_channel     Q8_0 codes (d = max|w| / 127), one scale per row, blocks of 128

The algorithm is the reference's fasterquant with the engine's documented choices ("ours" in
engine/src/quant/gptq.h): group parameters from the stored type's own fit, act-order with static
groups, dead columns keep their weights. The inverse-Hessian factor is computed in float64 and the
column loop in float32, as the engine does (it factors in float32).

Usage: python3 tests/scripts/gptq_reference.py [OUT.safetensors]   (needs numpy only)
"""
import json
import struct
import sys

import numpy as np

F32 = np.float32


def f16(x):
    return np.float32(np.float16(x))


def fit_q4_0(w):
    i = int(np.argmax(np.abs(w)))
    m = w[i]
    d = F32(m / F32(-8.0))
    inv = F32(1.0) / d if d != 0 else F32(0.0)
    return dict(a=f16(d), inv=F32(inv))


def code_q4_0(x, p):
    return int(np.clip(np.floor(F32(x * p["inv"]) + F32(8.5)), 0, 15))


def value_q4_0(u, p):
    return F32(p["a"] * F32(u - 8))


def fit_q8_0(w):
    amax = F32(np.max(np.abs(w)))
    d = F32(amax / F32(127.0))
    inv = F32(1.0) / d if d != 0 else F32(0.0)
    return dict(a=f16(d), inv=F32(inv))


def code_q8_0(x, p):
    v = F32(x * p["inv"])
    r = np.sign(v) * np.floor(np.abs(v) + F32(0.5))  # roundf: half away from zero
    return int(np.clip(r, -128, 127)) + 128


def value_q8_0(u, p):
    return F32(p["a"] * F32(u - 128))


def fit_zp4(w):
    lo, hi = F32(np.min(w)), F32(np.max(w))
    s = F32((hi - lo) / F32(15.0))
    if not s > 0:
        s = F32(abs(lo)) if lo != 0 else F32(1.0)
    a = f16(s)
    if not a > 0:
        a = s
    inv = F32(1.0) / a
    zero = F32(np.clip(np.rint(F32(-lo / a)), 0, 15))
    return dict(a=a, inv=F32(inv), zero=zero)


def code_zp4(x, p):
    return int(np.clip(np.rint(F32(x * p["inv"])) + p["zero"], 0, 15))


def value_zp4(u, p):
    return F32(p["a"] * F32(F32(u) - p["zero"]))


CODECS = {
    "q4_0": (fit_q4_0, code_q4_0, value_q4_0),
    "q8_0": (fit_q8_0, code_q8_0, value_q8_0),
    "zp4": (fit_zp4, code_zp4, value_zp4),
}


def factor(H, damp, act_order):
    n = H.shape[0]
    diag = np.diag(H).copy()
    perm = np.argsort(-diag, kind="stable") if act_order else np.arange(n)
    Hp = H[np.ix_(perm, perm)].astype(np.float64)
    for i in range(n):
        if Hp[i, i] == 0:
            Hp[i, i] = 1
    Hp[np.diag_indices(n)] += damp * np.mean(np.diag(Hp))
    L = np.linalg.cholesky(Hp)
    Linv = np.linalg.inv(L)
    Hinv = Linv.T @ Linv
    U = np.linalg.cholesky(Hinv).T  # upper: Hinv = U^T U
    return U.astype(F32), perm


def gptq(W, H, codec, group, block, damp=0.01, act_order=False):
    fit, code, value = CODECS[codec]
    rows, n = W.shape
    U, perm = factor(H, damp, act_order)
    Wp = W[:, perm].astype(F32).copy()
    g = n if group <= 0 else group
    params = [[None] * (n // g) for _ in range(rows)]
    if act_order:  # static groups on the original W
        for r in range(rows):
            for k in range(n // g):
                params[r][k] = fit(W[r, k * g:(k + 1) * g])
    Q = np.zeros_like(W, dtype=F32)
    for i1 in range(0, n, block):
        i2 = min(i1 + block, n)
        E = np.zeros((rows, i2 - i1), dtype=F32)
        for c in range(i1, i2):
            oc = perm[c]
            d = U[c, c]
            for r in range(rows):
                if not act_order and c % g == 0:
                    params[r][c // g] = fit(Wp[r, c:c + g])
                p = params[r][oc // g]
                x = Wp[r, c]
                u = code(x, p)
                q = value(u, p)
                Q[r, oc] = q
                e = F32((x - q) / d)
                Wp[r, c + 1:i2] -= e * U[c, c + 1:i2]
                E[r, c - i1] = e
        if i2 < n:
            Wp[:, i2:] -= E @ U[i1:i2, i2:]
    return Q


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, arr in tensors.items():
        data = np.ascontiguousarray(arr, dtype=F32).tobytes()
        header[name] = {"dtype": "F32", "shape": list(arr.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/quant/gptq_small.safetensors"
    rng = np.random.default_rng(20261205)
    rows, n, tokens = 48, 128, 300
    W = (rng.standard_normal((rows, n)) * 0.05).astype(F32)
    X = rng.standard_normal((tokens, n)).astype(F32)
    X[:, 5] *= 8.0    # loud channels, as LLM activations have
    X[:, 77] *= 5.0
    X[:, 100] = 0.0   # a channel calibration never excites (dead column)
    H = (X.T.astype(np.float64) @ X.astype(np.float64)).astype(F32)
    tensors = {"W": W, "H": H}
    tensors["q4_0_g32"] = gptq(W, H, "q4_0", 32, 64)
    tensors["int4_asym_g64_ao"] = gptq(W, H, "zp4", 64, 32, act_order=True)
    tensors["q8_0_channel"] = gptq(W, H, "q8_0", 0, 128)
    write_safetensors(out, tensors)
    print("wrote", out)


if __name__ == "__main__":
    main()
