#!/usr/bin/env python3
"""Reference dequantisation of every ggml weight type the engine computes with.

Writes tests/fixtures/quant/dequant.safetensors: for each type, `<type>.blocks` (U8, random but
valid blocks) and `<type>.values` (F32, the same blocks dequantised by the `gguf` package's NumPy
implementation, an implementation independent of the engine's). unit_cpu_kernels_test compares
every kernel table's to_f32 with these values.

Random bytes are a valid encoding of every field of these layouts except the fp16 scales, which
are replaced by finite values of either sign (mins too), so every bit pattern of quants, packed
6-bit scales and high bits is exercised.

    /opt/pyref/bin/python tests/scripts/make_quant_fixtures.py     # needs gguf (0.19.0) and numpy
"""
import pathlib

import numpy as np
from gguf import GGMLQuantizationType as Q
from gguf import quants
from safetensors.numpy import save_file

# type: (block bytes, byte offsets of fp16 scale fields)
LAYOUTS = {
    "q8_0": (Q.Q8_0, 34, [0]),
    "q4_0": (Q.Q4_0, 18, [0]),
    "q4_1": (Q.Q4_1, 20, [0, 2]),
    "q5_0": (Q.Q5_0, 22, [0]),
    "q5_1": (Q.Q5_1, 24, [0, 2]),
    "q2_k": (Q.Q2_K, 84, [80, 82]),
    "q3_k": (Q.Q3_K, 110, [108]),
    "q4_k": (Q.Q4_K, 144, [0, 2]),
    "q5_k": (Q.Q5_K, 176, [0, 2]),
    "q6_k": (Q.Q6_K, 210, [208]),
}
N_ELEMS = 1024  # per type: 32 blocks of 32 or 4 super-blocks of 256


def main():
    rng = np.random.default_rng(20261205)
    out = {}
    for name, (qtype, block_bytes, scale_offsets) in LAYOUTS.items():
        block_elems = 256 if name.endswith("_k") else 32
        n_blocks = N_ELEMS // block_elems
        raw = rng.integers(0, 256, size=(n_blocks, block_bytes), dtype=np.uint8)
        for off in scale_offsets:
            scales = (rng.uniform(-0.05, 0.05, size=n_blocks)).astype(np.float16)
            raw[:, off:off + 2] = scales.view(np.uint8).reshape(n_blocks, 2)
        values = quants.dequantize(raw.reshape(-1), qtype).astype(np.float32).reshape(-1)
        assert values.size == N_ELEMS and np.all(np.isfinite(values))
        out[f"{name}.blocks"] = raw.reshape(-1)
        out[f"{name}.values"] = values
    path = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "quant" / "dequant.safetensors"
    save_file(out, str(path), metadata={"generator": "tests/scripts/make_quant_fixtures.py", "gguf": "0.19.0"})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
