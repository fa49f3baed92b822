#!/usr/bin/python3
"""Writes tests/golden/forward_nonfinite.json: PyTorch's forward values on NaN and ±inf.

Run with Debian's interpreter and python3-torch:
    /usr/bin/python3 tests/golden/generate_nonfinite.py

PyTorch computes on NaN and ±inf (docs/semantics.md §8e); ConvPlay must give the
same values, NaN in the same places. Two kinds of case:

* hand-picked ones (docs/semantics.md §8e, §13b): the whole input given as
  `values`, weights as `weights` where they matter;
* random stacks from the forward generator of generate.py, with the input and
  weights of forward.json (hash_value) and one to three NaN/±inf written over
  the input (`specials`: [flat index, "nan" | "inf" | "-inf"]) and, in a third of
  the cases, one over a weight (`weight_specials`: {state_dict key: [[i, v]]}).

A NaN or infinite weight meeting zero padding is where PyTorch's CPU backends
disagree: oneDNN (mkldnn, used for groups > 1, a batch > 1, kernels larger than
3 or large inputs) skips the taps that fall in the padding, the native kernels
(im2col / vol2col, and every path with mkldnn off) multiply the padded zeros,
0 · nan = nan. ConvPlay computes the convolution of the padded input, as the
native kernels do, so cases with weight specials run with
torch.backends.mkldnn.flags(enabled=False) (recorded as "mkldnn": false).
Inputs alone never differ between the backends: a padded zero times a finite
weight is 0.

Outputs: numbers, and the strings "nan", "inf", "-inf" (JSON has no NaN).
"""

import json
import math
import os
import random
import sys

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate as g  # noqa: E402  (re-executes with PYTHONHASHSEED=0)

OUT = os.path.join(HERE, "forward_nonfinite.json")
SEED = 20261213
RANDOM_TARGET = 240
SPECIALS = {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf")}

NAN, INF = "nan", "inf"
NINF = "-inf"

# (code, input shape, input values, weights by state_dict key or None)
HAND_PICKED = [
    # Max pooling: `if (val > max || isnan(val))` — NaN wins, padding is −inf.
    ("nn.MaxPool1d(2)", [1, 1, 4], [NAN, 5, 1, 2], None),
    ("nn.MaxPool1d(2)", [1, 1, 4], [1, NAN, 5, NAN], None),
    ("nn.MaxPool1d(3, stride=1, padding=1)", [1, 1, 3], [NINF, NINF, NINF], None),
    ("nn.MaxPool1d(2, stride=1, padding=1)", [1, 1, 3], [NINF, NAN, INF], None),
    ("nn.MaxPool2d(2, padding=1)", [1, 1, 3, 3], [1, NAN, 3, NINF, 5, 6, 7, 8, INF], None),
    ("nn.MaxPool2d(3, stride=1, padding=1, return_indices=True)", [1, 1, 3, 3],
     [NINF, 2, 3, 4, 5, 6, 7, 8, NAN], None),
    ("nn.MaxPool3d(2, stride=1, padding=1, dilation=2)", [1, 1, 3, 3, 3],
     [NAN] + [float(i) for i in range(1, 26)] + [INF], None),
    ("nn.AdaptiveMaxPool1d(3)", [1, 1, 5], [1, NAN, 5, NINF, 2], None),
    ("nn.AdaptiveMaxPool2d(2)", [1, 1, 3, 3], [NAN, 2, 3, 4, 5, 6, 7, 8, NINF], None),
    # Sums: NaN spreads; +inf and −inf together make NaN.
    ("nn.AvgPool1d(2)", [1, 1, 6], [INF, NINF, INF, 1, NAN, 2], None),
    ("nn.AvgPool1d(3, stride=1, padding=1, count_include_pad=False)", [1, 1, 4], [INF, 1, 2, NINF], None),
    ("nn.AdaptiveAvgPool1d(2)", [1, 1, 5], [INF, 1, 2, NINF, 3], None),
    ("nn.AdaptiveAvgPool2d(1)", [1, 2, 2, 2], [1, 2, INF, 4, 1, NINF, INF, 4], None),
    # Elementwise.
    ("nn.ReLU()", [1, 4], [NAN, NINF, INF, -0.0], None),
    ("nn.LeakyReLU()", [1, 3], [NAN, NINF, INF], None),
    ("nn.LeakyReLU(0.0)", [1, 3], [NAN, NINF, INF], None),
    ("nn.LeakyReLU(-0.5)", [1, 3], [NAN, NINF, INF], None),
    ("nn.ELU()", [1, 3], [NAN, NINF, INF], None),
    ("nn.ELU(alpha=2.0)", [1, 3], [NAN, NINF, INF], None),
    ("nn.GELU()", [1, 3], [NAN, NINF, INF], None),
    ("nn.GELU(approximate='tanh')", [1, 3], [NAN, NINF, INF], None),
    ("nn.Sigmoid()", [1, 3], [NAN, NINF, INF], None),
    ("nn.Tanh()", [1, 3], [NAN, NINF, INF], None),
    ("nn.Softmax(dim=1)", [5, 2], [1, INF, 1, NINF, NINF, NINF, INF, INF, NAN, 1], None),
    ("nn.Softmax(dim=0)", [3, 2], [1, NINF, 2, NINF, 3, 5], None),
    ("nn.LogSoftmax(dim=1)", [5, 2], [1, INF, 1, NINF, NINF, NINF, INF, INF, NAN, 1], None),
    # Copies.
    ("nn.ZeroPad2d(1)", [1, 1, 2, 2], [NAN, INF, NINF, -0.0], None),
    ("nn.ReflectionPad2d(1)", [1, 1, 2, 2], [NAN, INF, NINF, 1], None),
    ("nn.ReplicationPad2d((1, 0, 0, 1))", [1, 1, 2, 2], [NAN, INF, NINF, 1], None),
    ("nn.Upsample(scale_factor=2)", [1, 1, 3], [0, INF, NAN], None),
    ("nn.Flatten()", [1, 2, 2], [NAN, INF, NINF, 1], None),
    # Interpolation multiplies every tap, even by a weight of 0: 0 · inf = nan.
    ("nn.Upsample(size=5, mode='linear', align_corners=True)", [1, 1, 3], [0, INF, 2], None),
    ("nn.Upsample(size=5, mode='linear')", [1, 1, 3], [0, INF, 2], None),
    ("nn.Upsample(scale_factor=2, mode='bilinear')", [1, 1, 2, 2], [1, NAN, 3, 4], None),
    ("nn.Upsample(scale_factor=2, mode='bicubic', align_corners=True)", [1, 1, 3, 3],
     [1, 2, 3, 4, INF, 6, 7, 8, 9], None),
    # Arithmetic.
    ("nn.Conv1d(1, 1, 3, padding=1, bias=False)", [1, 1, 5], [1, INF, 1, 1, NINF],
     {"0.weight": [1, 1, 1]}),
    ("nn.Conv1d(1, 1, 3, padding=1, bias=False)", [1, 1, 5], [1, 1, 1, 1, 1],
     {"0.weight": [INF, 1, 1]}),
    ("nn.Conv2d(1, 1, 3, padding=1, bias=False)", [1, 1, 4, 4], [1.0] * 16,
     {"0.weight": [NAN, 1, 1, 1, 1, 1, 1, 1, 1]}),
    ("nn.Conv1d(1, 1, 2, padding=1, padding_mode='reflect', bias=False)", [1, 1, 3], [1, 2, 3],
     {"0.weight": [INF, 1]}),
    ("nn.ConvTranspose1d(1, 1, 3, stride=2, bias=False)", [1, 1, 3], [1, 1, 1],
     {"0.weight": [NAN, 1, 1]}),
    ("nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1, bias=False)", [1, 1, 3, 3], [1.0] * 9,
     {"0.weight": [NAN, 1, 1, 1, 1, 1, 1, 1, 1]}),
    ("nn.ConvTranspose1d(1, 1, 3, stride=2)", [1, 1, 3], [1, INF, 1],
     {"0.weight": [1, 0, -1], "0.bias": [0.5]}),
    ("nn.Linear(3, 2)", [1, 3], [1, INF, 2],
     {"0.weight": [1, 1, 1, 0, 0, 1], "0.bias": [0, 0]}),
    ("nn.Linear(2, 2)", [1, 2], [1, 2],
     {"0.weight": [INF, 1, 1, 1], "0.bias": [NINF, 0]}),
    ("nn.BatchNorm1d(2)", [2, 2], [INF, 1, NAN, NINF], None),
    ("nn.BatchNorm1d(2)", [1, 2, 2], [1, 2, 3, 4],
     {"0.weight": [0, 1], "0.bias": [0, 0], "0.running_mean": [0, 0], "0.running_var": [1, INF]}),
    ("nn.Dropout()", [1, 3], [NAN, INF, NINF], None),
    # Through a stack: a NaN in the image reaches the classifier.
    ("nn.Conv2d(1, 2, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8, 3)", [1, 1, 6, 6],
     [0.1 * i for i in range(14)] + [NAN] + [0.1 * i for i in range(15, 36)], None),
]


def to_float(v):
    return SPECIALS[v] if isinstance(v, str) else float(v)


def encode(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return float("%.9g" % v)


def build(code):
    env = {"nn": nn, "torch": torch}
    return nn.Sequential(*eval("[" + code + "]", env)).eval()


def run(model, x, mkldnn=True):
    with torch.no_grad(), torch.backends.mkldnn.flags(enabled=mkldnn):
        y = model(x)
    if isinstance(y, tuple):
        y = y[0]
    return y


def hand_picked_cases():
    cases = []
    for i, (code, shape, values, weights) in enumerate(HAND_PICKED):
        model = build(code)
        seed = 5000 + i
        g.fill_weights(model, seed)
        if weights:
            sd = model.state_dict()
            with torch.no_grad():
                for key, w in weights.items():
                    sd[key].copy_(torch.tensor([to_float(v) for v in w]).reshape(sd[key].shape))
        x = torch.tensor([to_float(v) for v in values], dtype=torch.float32).reshape(shape)
        mkldnn = not weights
        y = run(model, x, mkldnn)
        case = {
            "name": f"nonfinite-hand-{i}",
            "code": f"nn.Sequential({code})",
            "input": shape,
            "seed": seed,
            "values": [v if isinstance(v, str) else float(v) for v in values],
        }
        if weights:
            case["weights"] = {k: [v if isinstance(v, str) else float(v) for v in w] for k, w in weights.items()}
        case["mkldnn"] = mkldnn
        case["output_shape"] = list(y.shape)
        case["output"] = [encode(v) for v in y.flatten().tolist()]
        cases.append(case)
    return cases


def random_stack(rng):
    """One valid stack of forward.json's kind (shape, codes) or None."""
    n = rng.choice([1, 2, 2, 3])
    batched = rng.random() < 0.7
    c = rng.randint(1, 4)
    spatial = [rng.randint(2, 10 if n < 3 else 5) for _ in range(n)]
    input_shape = ([rng.randint(1, 2)] if batched else []) + [c] + spatial
    shape = list(input_shape)
    codes = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        if codes and rng.random() < 0.15:
            codes.append(g.gen_flatten_linear(rng, n, shape, batched))
        else:
            codes.append(rng.choice(g.FORWARD_GENS)(rng, n, shape, batched))
        try:
            result = g.to_current(codes, input_shape, g.run_stack(codes, input_shape))
        except g.Dropped:
            return None
        if "error" in result:
            return None
        shape = result["layers"][-1]["out"]
    if math.prod(shape) > 600 or math.prod(shape) == 0:
        return None
    return input_shape, codes


def random_cases(rng):
    cases = []
    differ = 0
    while len(cases) < RANDOM_TARGET:
        stack = random_stack(rng)
        if stack is None:
            continue
        input_shape, codes = stack
        seed = 9000 + len(cases)
        code = ", ".join(codes)
        model = build(code)
        g.fill_weights(model, seed)
        x = g.hashed_tensor(seed, input_shape)
        numel = x.numel()
        specials = sorted({rng.randrange(numel): rng.choice(list(SPECIALS)) for _ in range(rng.randint(1, 3))}.items())
        flat = x.view(-1)
        for i, v in specials:
            flat[i] = SPECIALS[v]
        weight_specials = {}
        keys = [k for k, t in model.state_dict().items()
                if not k.endswith("num_batches_tracked") and t.numel() > 0]
        if keys and rng.random() < 1 / 3:
            key = rng.choice(keys)
            t = model.state_dict()[key]
            i = rng.randrange(t.numel())
            v = rng.choice(list(SPECIALS))
            with torch.no_grad():
                t.view(-1)[i] = SPECIALS[v]
            weight_specials[key] = [[i, v]]
        mkldnn = not weight_specials
        y = run(model, x, mkldnn)
        if not mkldnn:
            y_mkldnn = run(model, x, True)
            same = torch.equal(torch.isnan(y), torch.isnan(y_mkldnn))
            differ += 0 if same else 1
        out = [encode(v) for v in y.flatten().tolist()]
        finite = sum(1 for v in out if not isinstance(v, str))
        # Keep the telling cases: some outputs special, some not.
        if finite == 0 or finite == len(out):
            continue
        case = {
            "name": f"nonfinite-{len(cases)}",
            "code": f"nn.Sequential({code})",
            "input": input_shape,
            "seed": seed,
            "specials": [[i, v] for i, v in specials],
        }
        if weight_specials:
            case["weight_specials"] = weight_specials
        case["mkldnn"] = mkldnn
        case["output_shape"] = list(y.shape)
        case["output"] = out
        cases.append(case)
    return cases, differ


def main():
    torch.manual_seed(0)
    hand = hand_picked_cases()
    rand, differ = random_cases(random.Random(SEED))
    cases = hand + rand
    with open(OUT, "w") as f:
        f.write('{"torch": "%s", "cases": [\n' % torch.__version__)
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]}\n")
    print(f"wrote {len(hand)} hand-picked and {len(rand)} random non-finite cases; "
          f"{differ} weight-special case(s) where oneDNN's NaN positions differ", file=sys.stderr)


if __name__ == "__main__":
    main()
