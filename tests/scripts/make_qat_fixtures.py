#!/usr/bin/env python3
"""Reference QAT Linear: fake-quantised forward and straight-through backward (training.md §13).

Writes tests/fixtures/qat/fake_quant_linear.safetensors. For each scheme the export stores
(q4_0 and q8_0, groups of 32 along the input), a Linear y = x·Ŵᵀ with Ŵ = dequant(quant(W)) runs
forward and backward in PyTorch autograd:
  - Ŵ comes from the `gguf` package's NumPy quantize/dequantize (llama.cpp's reference
    quantisers, an implementation independent of the engine's);
  - the backward is the straight-through estimator of torchao's _GenericFakeQuantize: dW = dŴ ⊙
    1[qmin ≤ unclamped code ≤ qmax], where the unclamped code is llama.cpp's own expression
    (Q4_0: trunc(w/d + 8.5) with d = signed max / −8; Q8_0: roundf(w/d) with d = max|w|/127), so
    the element opposite a Q4_0 group's extreme that would round to level 8 gets no gradient.
Stored: W, x, dy (shared), and per scheme <s>.wq, <s>.mask, <s>.y, <s>.dx, <s>.dw.
unit_qat_test runs the engine's QAT Linear (train/qat.h through the training seam) on W, x, dy.

    /opt/pyref/bin/python tests/scripts/make_qat_fixtures.py   # torch 2.15, gguf 0.19, numpy
"""
import pathlib

import numpy as np
import torch
from gguf import GGMLQuantizationType as Q
from gguf import quants
from safetensors.numpy import save_file

OUT, IN, T = 8, 96, 5


def unclamped_code(w, kind):
    g = w.reshape(-1, 32).astype(np.float32)
    if kind == "q4_0":
        idx = np.argmax(np.abs(g), axis=1)  # first of equal magnitudes, as ggml's strict >
        m = g[np.arange(g.shape[0]), idx]
        d = m / np.float32(-8.0)
        inv = np.where(d != 0, np.float32(1.0) / np.where(d != 0, d, 1), 0).astype(np.float32)
        u = np.trunc(g * inv[:, None] + np.float32(8.5))
        return u.reshape(w.shape), 0, 15
    d = np.abs(g).max(axis=1) / np.float32(127.0)
    inv = np.where(d != 0, np.float32(1.0) / np.where(d != 0, d, 1), 0).astype(np.float32)
    v = g * inv[:, None]
    u = np.sign(v) * np.floor(np.abs(v) + np.float32(0.5))  # roundf: ties away from zero
    return u.reshape(w.shape), -128, 127


class FakeQuant(torch.autograd.Function):
    @staticmethod
    def forward(ctx, w, wq, mask):
        ctx.save_for_backward(mask)
        return wq.clone()

    @staticmethod
    def backward(ctx, g):
        (mask,) = ctx.saved_tensors
        return g * mask, None, None


def main():
    rng = np.random.default_rng(16)
    W = rng.normal(0, 0.5, (OUT, IN)).astype(np.float32)
    # Groups whose extreme has an almost-as-large opposite: Q4_0 codes them 8 -> clamped to 7.
    W[0, 3], W[0, 17] = 1.9, -1.85
    W[1, 40], W[1, 33] = -2.2, 2.1
    W[2, 70] = 0.0
    W[3, 64:96] = 0.0  # an all-zero group: d = 0
    x = rng.normal(0, 1, (T, IN)).astype(np.float32)
    dy = rng.normal(0, 1, (T, OUT)).astype(np.float32)
    out = {"W": W, "x": x, "dy": dy}
    for name, qtype in (("q4_0", Q.Q4_0), ("q8_0", Q.Q8_0)):
        wq = quants.dequantize(quants.quantize(W, qtype), qtype).reshape(OUT, IN).astype(np.float32)
        u, lo, hi = unclamped_code(W, name)
        mask = ((u >= lo) & (u <= hi)).astype(np.float32)
        w_t = torch.tensor(W, requires_grad=True)
        x_t = torch.tensor(x, requires_grad=True)
        y = x_t @ FakeQuant.apply(w_t, torch.tensor(wq), torch.tensor(mask)).T
        y.backward(torch.tensor(dy))
        out[f"{name}.wq"] = wq
        out[f"{name}.mask"] = mask
        out[f"{name}.y"] = y.detach().numpy()
        out[f"{name}.dx"] = x_t.grad.numpy()
        out[f"{name}.dw"] = w_t.grad.numpy()
        print(f"{name}: {int(mask.size - mask.sum())} of {mask.size} weights get no gradient")
    path = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "qat" / "fake_quant_linear.safetensors"
    path.parent.mkdir(parents=True, exist_ok=True)
    save_file({k: np.ascontiguousarray(v) for k, v in out.items()}, str(path))
    print("wrote", path)


if __name__ == "__main__":
    main()
