#!/usr/bin/python3
"""Writes tests/golden/shapes.json from real PyTorch.

Run with Debian's interpreter and python3-torch:  /usr/bin/python3 tests/golden/generate.py

* >= 1000 random valid stacks (per-layer output shapes and parameter counts)
  plus the random stacks that PyTorch rejects (failing layer, kind, message).
* Every applicable bad-input case of docs/semantics.md §13.

ConvPlay follows *current* PyTorch (2.x); this machine has 1.13. Where 1.13
differs (docs/semantics.md §14), `to_current()` rewrites the observed result into
the current behaviour, each rule naming the difference, and cases whose
current result cannot be derived are dropped (counted in the summary).
"""

import json
import math
import os
import random
import re
import sys
import warnings

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "shapes.json")
FORWARD_OUT = os.path.join(HERE, "forward.json")
FORWARD_TARGET = 330
SEED = 20261121
VALID_TARGET = 1100
INVALID_TARGET = 700

# Python sets print in hash order (messages such as "{'valid', 'same'}"):
# fix the hash seed so the generated files are reproducible.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

warnings.filterwarnings("ignore")
torch.manual_seed(0)


class Dropped(Exception):
    """The current-PyTorch result of this case cannot be derived on 1.13."""


# --------------------------------------------------------------------------
# Running a stack the way ConvPlay plans it: construct every layer (in order),
# then run forward layer by layer in eval mode.


def run_stack(layer_codes, input_shape):
    env = {"nn": nn, "torch": torch}
    modules = []
    for i, code in enumerate(layer_codes):
        try:
            modules.append(eval(code, env))
        except Exception as e:  # noqa: BLE001 - any PyTorch error is data
            return {"error": error_of(i, e)}
    x = torch.zeros(input_shape)
    layers = []
    with torch.no_grad():
        for i, m in enumerate(modules):
            m.eval()
            try:
                x = m(x)
            except Exception as e:  # noqa: BLE001
                return {"error": error_of(i, e), "layers": layers}
            if isinstance(x, tuple):  # return_indices=True
                x = x[0]
            params = sum(p.numel() for p in m.parameters())
            layers.append({"out": list(x.shape), "params": params})
    return {"layers": layers}


def error_of(i, e):
    kind = type(e).__name__
    message = str(e)
    # Python-level messages of 1.13 sometimes carry a trailing newline.
    return {"layer": i, "kind": kind, "message": message.strip()}


# --------------------------------------------------------------------------
# 1.13 -> current PyTorch (docs/semantics.md §14).


def to_current(layer_codes, input_shape, result):
    # max_pool1d: 1.13 returned an empty tensor for a zero-size output;
    # current raises "Invalid computed output size".
    for i, (code, layer) in enumerate(zip(layer_codes, result.get("layers", []))):
        if code.startswith("nn.MaxPool1d(") and layer["out"][-1] == 0:
            return {
                "error": {
                    "layer": i,
                    "kind": "RuntimeError",
                    "message": "max_pool1d() Invalid computed output size: 0",
                },
                "layers": result["layers"][:i],
            }
    err = result.get("error")
    if err is None:
        return result
    msg = err["message"]
    code = layer_codes[err["layer"]]
    # Pool padding rule: current compares with the effective kernel
    # (k-1)*d+1 and names the dilation.
    m = re.fullmatch(r"pad should be at most half of kernel size, but got pad=(-?\d+) and kernel_size=(-?\d+)", msg)
    if m:
        if "dilation" in code and not code.startswith("nn.MaxPool1d("):
            raise Dropped("pool pad rule with dilation")
        err["message"] = (
            f"pad should be at most half of effective kernel size, but got pad={m.group(1)}, "
            f"kernel_size={m.group(2)} and dilation=1"
        )
    # max_pool1d with a dilation: ConvPlay checks the effective kernel
    # (docs/semantics.md §5); 1.13's plain-kernel refusal may be valid now.
    if code.startswith("nn.MaxPool1d(") and "dilation" in code and msg.startswith(
            "max_pool1d() padding should be at most half of kernel size"):
        raise Dropped("max_pool1d pad rule with dilation")
    # constant_pad_nd over-crop: current narrow() checks the length first
    # (1.13 checked the start, then start + length).
    if re.match(r"nn\.(ZeroPad2d|ConstantPad\dd)\(", code) and "-" in code and (
            re.fullmatch(r"start \(-?\d+\) \+ length \(-\d+\) exceeds dimension size \(\d+\)\.", msg)
            or (err["kind"] == "IndexError" and msg.startswith("Dimension out of range"))):
        err["kind"] = "RuntimeError"
        err["message"] = "narrow(): length must be non-negative."
    # Typo fixed in current: "must be either be" -> "must either be".
    err["message"] = err["message"].replace("padding must be either be a single int", "padding must either be a single int")
    # Conv negative dilation: current drops the values from the message.
    if re.fullmatch(r"dilation should be greater than zero, but got \[.*\]", msg):
        if re.search(r"-\d", msg):
            err["message"] = "dilation should be greater than zero"
    # Reflection pad: current prints the input sizes, 1.13 printed the rank.
    m = re.fullmatch(r"(Argument #\d+: Padding size should be less than the corresponding input dimension, but got: padding \(-?\d+, -?\d+\) at dimension \d+ of input) (\d+)", msg)
    if m:
        i = err["layer"]
        before = input_shape if i == 0 else result["layers"][i - 1]["out"]
        err["message"] = f"{m.group(1)} {list(before)}"
    # interpolate lists lanczos among the modes now.
    err["message"] = err["message"].replace("bicubic | trilinear | area", "bicubic | trilinear | lanczos | area")
    # Circular padding of an unbatched input works in current PyTorch.
    if "padding_mode='circular'" in code and ("Invalid padding size" in msg or "expected" in msg.lower()):
        raise Dropped("circular padding of an unbatched input")
    # Unflatten says "int" now.
    err["message"] = err["message"].replace("must be a tuple of ints", "must be a tuple of int")
    err["message"] = err["message"].replace("must be tuple of ints, but found element", "must be tuple of int, but found element")
    if err["kind"] == "TypeError":
        err["compare"] = "kind"  # argument-parser wording varies by version
    return result


# --------------------------------------------------------------------------
# Random stacks.


def r_tuple(rng, n, lo, hi):
    return tuple(rng.randint(lo, hi) for _ in range(n))


def r_int_or_tuple(rng, n, lo, hi, p_tuple=0.3):
    if n > 1 and rng.random() < p_tuple:
        return r_tuple(rng, n, lo, hi)
    return rng.randint(lo, hi)


def fmt_args(pos, kw):
    parts = [repr(v) for v in pos] + [f"{k}={v!r}" for k, v in kw.items()]
    return ", ".join(parts)


def divisors(n):
    return [d for d in range(1, n + 1) if n % d == 0] if n > 0 else [1]


def channels(shape, n):
    if len(shape) >= n + 2:
        return shape[1]
    return shape[0] if shape else 1


def gen_conv(rng, n, shape, batched):
    c = channels(shape, n)
    in_c = c if rng.random() < 0.9 else rng.randint(1, 6)
    g = rng.choice(divisors(in_c)) if rng.random() < 0.3 else 1
    out_c = g * rng.randint(1, 4)
    kw = {}
    k = r_int_or_tuple(rng, n, 1, 5)
    if rng.random() < 0.4:
        kw["stride"] = r_int_or_tuple(rng, n, 1, 3)
    r = rng.random()
    if r < 0.15 and "stride" not in kw:
        kw["padding"] = "same"
    elif r < 0.2:
        kw["padding"] = "valid"
    elif r < 0.6:
        kw["padding"] = r_int_or_tuple(rng, n, 0, 3)
    if rng.random() < 0.25:
        kw["dilation"] = r_int_or_tuple(rng, n, 1, 3)
    if g != 1:
        kw["groups"] = g
    if rng.random() < 0.2:
        kw["bias"] = False
    if rng.random() < 0.25:
        kw["padding_mode"] = rng.choice(["reflect", "replicate", "circular"])
    return f"nn.Conv{n}d({fmt_args([in_c, out_c, k], kw)})"


def gen_conv_t(rng, n, shape, batched):
    c = channels(shape, n)
    in_c = c if rng.random() < 0.9 else rng.randint(1, 6)
    g = rng.choice(divisors(in_c)) if rng.random() < 0.25 else 1
    out_c = g * rng.randint(1, 3)
    kw = {}
    k = r_int_or_tuple(rng, n, 1, 4)
    if rng.random() < 0.5:
        kw["stride"] = r_int_or_tuple(rng, n, 1, 3)
    if rng.random() < 0.4:
        kw["padding"] = r_int_or_tuple(rng, n, 0, 2)
    if rng.random() < 0.3:
        kw["output_padding"] = r_int_or_tuple(rng, n, 0, 2)
    if g != 1:
        kw["groups"] = g
    if rng.random() < 0.2:
        kw["dilation"] = r_int_or_tuple(rng, n, 1, 2)
    return f"nn.ConvTranspose{n}d({fmt_args([in_c, out_c, k], kw)})"


def gen_maxpool(rng, n, shape, batched):
    k = r_int_or_tuple(rng, n, 1, 4)
    kw = {}
    if rng.random() < 0.5:
        kw["stride"] = r_int_or_tuple(rng, n, 1, 3)
    if rng.random() < 0.4:
        kmin = min(k) if isinstance(k, tuple) else k
        kw["padding"] = rng.randint(0, max(0, kmin // 2) + (1 if rng.random() < 0.1 else 0))
    if rng.random() < 0.2:
        kw["dilation"] = rng.randint(1, 2)
    if rng.random() < 0.3:
        kw["ceil_mode"] = True
    return f"nn.MaxPool{n}d({fmt_args([k], kw)})"


def gen_avgpool(rng, n, shape, batched):
    k = r_int_or_tuple(rng, n, 1, 4) if n > 1 else rng.randint(1, 4)
    kw = {}
    if rng.random() < 0.5:
        kw["stride"] = r_int_or_tuple(rng, n, 1, 3) if n > 1 else rng.randint(1, 3)
    if rng.random() < 0.4:
        kmin = min(k) if isinstance(k, tuple) else k
        kw["padding"] = rng.randint(0, max(0, kmin // 2) + (1 if rng.random() < 0.1 else 0))
    if rng.random() < 0.3:
        kw["ceil_mode"] = True
    if rng.random() < 0.2:
        kw["count_include_pad"] = False
    if n > 1 and rng.random() < 0.15:
        kw["divisor_override"] = rng.randint(1, 5)
    return f"nn.AvgPool{n}d({fmt_args([k], kw)})"


def gen_adaptive(rng, n, shape, batched):
    kind = rng.choice(["Avg", "Max"])
    if n > 1 and rng.random() < 0.4:
        o = tuple(rng.choice([None, rng.randint(1, 5)]) for _ in range(n))
    else:
        o = rng.randint(1, 5)
    return f"nn.Adaptive{kind}Pool{n}d({o!r})"


def gen_simple(rng, n, shape, batched):
    choice = rng.randrange(9)
    rank = len(shape)
    if choice == 0:
        return "nn.ReLU()"
    if choice == 1:
        return f"nn.LeakyReLU({rng.choice([0.01, 0.2, -0.5])})"
    if choice == 2:
        return rng.choice(["nn.ELU()", "nn.ELU(alpha=2.0)", "nn.GELU()", "nn.GELU(approximate='tanh')"])
    if choice == 3:
        return rng.choice(["nn.Sigmoid()", "nn.Tanh()"])
    if choice == 4:
        d = rng.randint(-rank, max(rank - 1, 0)) if rng.random() < 0.9 else rank
        return f"nn.Softmax(dim={d})"
    if choice == 5:
        c = shape[1] if len(shape) > 1 else 1
        if rng.random() < 0.1:
            c += 1
        kw = {}
        if rng.random() < 0.2:
            kw["affine"] = False
        return f"nn.BatchNorm{n}d({fmt_args([c], kw)})"
    if choice == 6:
        return rng.choice(["nn.Dropout()", "nn.Dropout(0.2)", "nn.Dropout2d(p=0.1)"])
    if choice == 7:
        return gen_pad(rng, n, shape, batched)
    return gen_upsample(rng, n, shape, batched)


def gen_pad(rng, n, shape, batched):
    kind = rng.choice(["ZeroPad2d", "ReflectionPad2d", "ReplicationPad2d"])
    if rng.random() < 0.5:
        p = rng.randint(0, 3) if kind != "ZeroPad2d" else rng.randint(-1, 3)
    else:
        p = r_tuple(rng, 4, 0, 3)
    return f"nn.{kind}({p!r})"


def gen_upsample(rng, n, shape, batched):
    modes = {1: ["nearest", "linear"], 2: ["nearest", "bilinear", "bicubic"], 3: ["nearest", "trilinear"]}[n]
    mode = rng.choice(modes)
    kw = {}
    if rng.random() < 0.5:
        kw["scale_factor"] = rng.choice([2, 1.5, 0.5, 3])
    else:
        kw["size"] = r_int_or_tuple(rng, n, 1, 12, 0.5) if n > 1 else rng.randint(1, 12)
    if mode != "nearest":
        kw["mode"] = mode
        if rng.random() < 0.3:
            kw["align_corners"] = rng.choice([True, False])
    return f"nn.Upsample({fmt_args([], kw)})"


def gen_flatten_linear(rng, n, shape, batched):
    r = rng.random()
    if r < 0.45:
        return "nn.Flatten()" if rng.random() < 0.8 else f"nn.Flatten({rng.randint(0, 1)}, {rng.choice([-1, 2])})"
    if r < 0.55 and len(shape) >= 2:
        d = rng.randint(1, len(shape) - 1)
        size = shape[d]
        fs = [f for f in divisors(size)]
        a = rng.choice(fs)
        sizes = (a, size // a) if rng.random() < 0.8 else (a, -1)
        if rng.random() < 0.1:
            sizes = (a + 1, size)
        return f"nn.Unflatten({d}, {sizes!r})"
    last = shape[-1] if shape else 1
    in_f = last if rng.random() < 0.85 else last + rng.randint(1, 5)
    kw = {} if rng.random() < 0.8 else {"bias": False}
    return f"nn.Linear({fmt_args([in_f, rng.randint(1, 10)], kw)})"


FAMILY_GENS = [gen_conv, gen_conv, gen_conv, gen_maxpool, gen_maxpool, gen_avgpool, gen_adaptive, gen_conv_t, gen_simple, gen_simple]


def random_case(rng):
    n = rng.choice([1, 2, 2, 2, 3])
    batched = rng.random() < 0.7
    c = rng.randint(1, 5)
    spatial = [rng.randint(1, 18 if n < 3 else 7) for _ in range(n)]
    if rng.random() < 0.5:
        spatial = [max(s, 6) for s in spatial]
    shape = ([rng.randint(1, 2)] if batched else []) + [c] + spatial
    input_shape = list(shape)
    codes = []
    depth = rng.randint(1, 6)
    result = {"layers": []}
    for _ in range(depth):
        if rng.random() < 0.12 and len(codes) >= 1:
            code = gen_flatten_linear(rng, n, shape, batched)
        else:
            gen = rng.choice(FAMILY_GENS)
            code = gen(rng, n, shape, batched)
        codes.append(code)
        result = run_stack(codes, input_shape)
        if "error" in result:
            break
        shape = result["layers"][-1]["out"]
        if math.prod(shape) > 200000:
            raise Dropped("too large")
    return codes, input_shape, result


# --------------------------------------------------------------------------
# docs/semantics.md §13: (number, layers, input, override). `override` is the
# current-PyTorch result where 1.13 differs or ConvPlay refuses on purpose.

MEM = "MemoryError"


def mem(nbytes):
    return {"kind": MEM, "contains": f"{nbytes} bytes"}


SEMANTICS_CASES = [
    (1, ["nn.Conv2d(3,6,3,groups=2)"], [1, 3, 8, 8], None),
    (2, ["nn.Conv2d(4,6,3,groups=4)"], [1, 4, 8, 8], None),
    (3, ["nn.Conv2d(4,4,3,groups=0)"], [1, 4, 8, 8], None),
    (4, ["nn.Conv2d(4,4,3,groups=-2)"], [1, 4, 8, 8], None),
    (5, ["nn.Conv2d(2,2,3,groups=4)"], [1, 2, 8, 8], None),
    (6, ["nn.Conv2d(3,4,3,padding='full')"], [1, 3, 8, 8], None),
    (7, ["nn.Conv2d(3,4,3,padding='SAME')"], [1, 3, 8, 8], None),
    (8, ["nn.Conv2d(3,4,3,stride=2,padding='same')"], [1, 3, 8, 8], None),
    (9, ["nn.Conv2d(1,1,3,stride=(1,2),padding='same')"], [1, 1, 8, 8], None),
    (10, ["nn.Conv2d(3,4,3,padding_mode='zero')"], [1, 3, 8, 8], None),
    (11, ["nn.ConvTranspose2d(3,4,3,padding_mode='reflect')"], [1, 3, 8, 8], None),
    (12, ["nn.ConvTranspose2d(4,6,3,groups=4)"], [1, 4, 8, 8], None),
    (13, ["nn.Conv2d(3,4,-1)"], [1, 3, 8, 8], None),
    (14, ["nn.Linear(-1,3)"], [1, 4], None),
    (15, ["nn.Conv2d(3,4,2.5)"], [1, 3, 8, 8], None),
    (15, ["nn.Conv2d(4,4,3,groups=2.0)"], [1, 4, 8, 8], None),
    # ConvPlay refuses before allocating (PyTorch's allocator fails later).
    (16, ["nn.Conv2d(64,64,1000)"], [1, 64, 8, 8], mem(16384000000)),
    (17, ["nn.Conv2d(2**32,2**32,1)"], [1, 1, 1, 1], None),
    (18, ["nn.Linear(2**20,2**20)"], [1, 4], mem(4398046511104)),
    (19, ["nn.Dropout(1.5)"], [1, 4], None),
    (19, ["nn.Dropout(-0.1)"], [1, 4], None),
    (20, ["nn.Unflatten(1.0,(2,5))"], [1, 10], None),
    (21, ["nn.Unflatten(1,5)"], [1, 10], None),
    (22, ["nn.Unflatten(1,(2.0,5))"], [1, 10], None),
    (23, ["nn.Conv2d(3,4,3)"], [1, 5, 8, 8], None),
    (24, ["nn.Conv2d(4,4,3,groups=2)"], [1, 6, 8, 8], None),
    (25, ["nn.Conv2d(3,4,5)"], [1, 3, 4, 4], None),
    (26, ["nn.Conv2d(3,4,3,dilation=3)"], [1, 3, 6, 6], None),
    (27, ["nn.Conv1d(1,1,3)"], [1, 1, 2], None),
    (28, ["nn.Conv2d(3,4,3)"], [3, 8], None),
    (29, ["nn.Conv2d(3,4,3)"], [1, 1, 3, 8, 8], None),
    (30, ["nn.Conv1d(3,4,3)"], [1, 3, 8, 8], None),
    (30, ["nn.Conv3d(3,4,3)"], [3, 8, 8], None),
    (31, ["nn.Conv2d(3,4,3)"], [3, 8, 8], None),
    (32, ["nn.Conv2d(3,4,(3,3,3))"], [1, 3, 8, 8], None),
    (33, ["nn.Conv2d(3,4,3,stride=(1,1,1))"], [1, 3, 8, 8], None),
    (34, ["nn.Conv2d(1,1,3,dilation=(1,1,1))"], [1, 1, 5, 5], None),
    (35, ["nn.Conv2d(3,4,3,padding=(1,))"], [1, 3, 8, 8], None),
    (36, ["nn.Conv2d(3,4,3,stride=0)"], [1, 3, 8, 8], None),
    (36, ["nn.Conv2d(3,4,3,stride=-1)"], [1, 3, 8, 8], None),
    (37, ["nn.Conv2d(1,1,3,padding=(1,-1))"], [1, 1, 5, 5], None),
    (38, ["nn.Conv2d(3,4,3,dilation=-1)"], [1, 3, 8, 8],
     {"kind": "RuntimeError", "message": "dilation should be greater than zero"}),
    (39, ["nn.Conv2d(3,4,3,dilation=0)"], [1, 3, 8, 8], None),
    (40, ["nn.Conv2d(3,4,0)"], [1, 3, 8, 8], None),
    (41, ["nn.Conv2d(1,0,3)"], [1, 1, 5, 5], None),
    (42, ["nn.Conv2d(3,4,3)"], [0, 3, 8, 8], None),
    (43, ["nn.Conv2d(3,4,3)"], [1, 3, 0, 8], None),
    (44, ["nn.Conv2d(3,4,1,padding=1)"], [1, 3, 0, 8], None),
    (45, ["nn.Conv2d(0,4,3)"], [1, 0, 8, 8], None),
    (46, ["nn.Conv1d(1,1,1,padding=2**62)"], [1, 1, 4],
     {"kind": "RuntimeError", "message": "Given padding=4611686018427387904 at dimension 0 , expected padding to be at most 4611686018427387903"}),
    (47, ["nn.Conv2d(1,1,3,padding=1.5)"], [1, 1, 5, 5], None),
    (48, ["nn.Conv2d(1,1,7,padding='same')"], [1, 1, 1, 1], None),
    (49, ["nn.Conv2d(1,1,7,padding='same',padding_mode='reflect')"], [1, 1, 2, 2],
     {"kind": "RuntimeError", "message": "Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (3, 3) at dimension 3 of input [1, 1, 2, 2]"}),
    (50, ["nn.Conv2d(1,1,3,padding=1,padding_mode='reflect')"], [4, 4], None),
    (51, ["nn.Conv1d(1,1,3,padding=5,padding_mode='circular')"], [1, 1, 4], None),
    (53, ["nn.ConvTranspose2d(3,4,3,stride=2,output_padding=2)"], [1, 3, 5, 5], None),
    (54, ["nn.ConvTranspose2d(3,4,3,output_padding=1)"], [1, 3, 5, 5], None),
    (55, ["nn.ConvTranspose2d(3,4,3,output_padding=1,dilation=2)"], [1, 3, 5, 5], None),
    (56, ["nn.ConvTranspose2d(3,4,1,padding=3)"], [1, 3, 2, 2], None),
    (57, ["nn.ConvTranspose1d(1,1,3,padding=2)"], [1, 1, 1], None),
    (58, ["nn.ConvTranspose2d(3,4,3)"], [1, 5, 5, 5], None),
    (61, ["nn.ConvTranspose2d(3,4,3,padding='same')"], [1, 3, 5, 5], None),
    (62, ["nn.ConvTranspose2d(1,1,3,stride=2,output_padding=-1)"], [1, 1, 3, 3], None),
    (63, ["nn.ConvTranspose2d(3,4,3)"], [1, 1, 3, 5, 5], None),
    (64, ["nn.MaxPool2d(3,padding=2)"], [1, 1, 8, 8], None),
    # Valid under the effective-kernel rule (1.13 rejected it).
    (65, ["nn.MaxPool2d(2,padding=2,dilation=3)"], [1, 1, 8, 8], {"out": [[1, 1, 5, 5]]}),
    (66, ["nn.MaxPool2d(2,padding=-1)"], [1, 1, 8, 8], None),
    (67, ["nn.MaxPool2d(0)"], [1, 1, 8, 8], None),
    (67, ["nn.MaxPool2d(2,stride=0)"], [1, 1, 8, 8], None),
    (68, ["nn.MaxPool2d(-1)"], [1, 1, 8, 8], None),
    (69, ["nn.MaxPool2d(2,stride=-1)"], [1, 1, 8, 8], None),
    (70, ["nn.MaxPool2d(2,dilation=0)"], [1, 1, 8, 8], None),
    (71, ["nn.MaxPool2d(5)"], [1, 1, 4, 4], None),
    (72, ["nn.MaxPool2d(2)"], [4, 4], None),
    (73, ["nn.MaxPool2d(2)"], [1, 1, 0, 4], None),
    (74, ["nn.MaxPool2d(2)"], [0, 1, 4, 4], None),
    (75, ["nn.MaxPool2d((2,2,2))"], [1, 1, 4, 4], None),
    (76, ["nn.MaxPool2d(2,padding=(0,0,0))"], [1, 1, 5, 5], None),
    (77, ["nn.MaxPool2d(2.5)"], [1, 1, 4, 4], None),
    (78, ["nn.MaxPool2d(2**31)"], [1, 1, 4, 4], None),
    (79, ["nn.MaxPool1d(3,padding=2)"], [1, 2, 10],
     {"kind": "RuntimeError", "message": "max_pool1d() padding should be at most half of kernel size, but got padding=2 and kernel_size=3"}),
    (80, ["nn.MaxPool1d(5)"], [1, 2, 4],
     {"kind": "RuntimeError", "message": "max_pool1d() Invalid computed output size: 0"}),
    (81, ["nn.MaxPool1d(2)"], [1, 2, 3, 4], None),
    (81, ["nn.MaxPool1d(2)"], [4], None),
    (81, ["nn.MaxPool1d(2)"], [1, 2, 0], None),
    (82, ["nn.MaxPool1d(0)"], [1, 2, 4], None),
    (82, ["nn.MaxPool1d(2,stride=0)"], [1, 2, 4], None),
    (82, ["nn.MaxPool1d(2,dilation=0)"], [1, 2, 4], None),
    (83, ["nn.MaxPool1d((2,2))"], [1, 2, 4], None),
    (84, ["nn.MaxPool3d(2)"], [4, 4, 4], None),
    # Padding against the effective kernel for every dilated pool
    # (docs/semantics.md §4, §5; 1.13 compared with the plain kernel).
    (134, ["nn.MaxPool3d(3,padding=2,dilation=2)"], [1, 1, 8, 8, 8], {"out": [[1, 1, 3, 3, 3]]}),
    (135, ["nn.MaxPool1d(3,padding=2,dilation=2)"], [1, 2, 10], {"out": [[1, 2, 4]]}),
    (136, ["nn.MaxPool1d(3,padding=3,dilation=2)"], [1, 2, 10],
     {"kind": "RuntimeError", "message": "pad should be at most half of effective kernel size, but got pad=3, kernel_size=3 and dilation=2"}),
    (137, ["nn.MaxPool2d(3,padding=3,dilation=2)"], [1, 1, 8, 8],
     {"kind": "RuntimeError", "message": "pad should be at most half of effective kernel size, but got pad=3, kernel_size=3 and dilation=2"}),
    (137, ["nn.MaxPool3d(3,padding=3,dilation=2)"], [1, 1, 8, 8, 8],
     {"kind": "RuntimeError", "message": "pad should be at most half of effective kernel size, but got pad=3, kernel_size=3 and dilation=2"}),
    # A crop past the size: current narrow() refuses the negative length.
    (138, ["nn.ZeroPad2d((0,0,-2,-1))"], [1, 1, 2, 4],
     {"kind": "RuntimeError", "message": "narrow(): length must be non-negative."}),
    (138, ["nn.ZeroPad2d(-2)"], [1, 1, 3, 3],
     {"kind": "RuntimeError", "message": "narrow(): length must be non-negative."}),
    (138, ["nn.ZeroPad2d((0,0,-3,0))"], [1, 1, 2, 4],
     {"kind": "RuntimeError", "message": "narrow(): length must be non-negative."}),
    # A crop to exactly 0 beside a positive pad: current allows the empty dim
    # (docs/semantics.md §9; 1.13 rejected a resulting size of 0).
    (138, ["nn.ZeroPad2d((1,1,-1,-1))"], [1, 1, 2, 4], {"out": [[1, 1, 0, 6]]}),
    (85, ["nn.MaxPool3d(2)"], [1, 1, 0, 4, 4], None),
    (86, ["nn.MaxPool3d(5)"], [1, 1, 4, 4, 4], None),
    (87, ["nn.AvgPool2d(2,divisor_override=0)"], [1, 1, 4, 4], None),
    (88, ["nn.AvgPool2d(2)"], [4, 4], None),
    (89, ["nn.AvgPool2d(2)"], [1, 1, 1, 4, 4], None),
    (90, ["nn.AvgPool2d(2,stride=(1,1,1))"], [1, 1, 5, 5], None),
    (91, ["nn.AvgPool1d(2)"], [1, 1, 4, 4], None),
    (92, ["nn.AvgPool1d((2,2))"], [1, 1, 4], None),
    (93, ["nn.AvgPool1d(5)"], [1, 1, 4], None),
    (94, ["nn.AvgPool3d(5)"], [1, 1, 4, 4, 4], None),
    (95, ["nn.AvgPool3d(3,padding=1)"], [1, 1, 2, 2, 2], None),
    (96, ["nn.AdaptiveAvgPool2d(2)"], [4, 4], None),
    (97, ["nn.AdaptiveAvgPool2d(1)"], [4, 4], None),
    (98, ["nn.AdaptiveAvgPool2d(-1)"], [1, 1, 4, 4], None),
    (99, ["nn.AdaptiveAvgPool2d(0)"], [1, 1, 4, 4], None),
    (100, ["nn.AdaptiveAvgPool2d(2)"], [1, 1, 0, 4], None),
    (101, ["nn.AdaptiveAvgPool2d((2,2,2))"], [1, 1, 4, 4], None),
    (102, ["nn.AdaptiveAvgPool2d((None,3))"], [5, 7], None),
    (103, ["nn.AdaptiveAvgPool1d((2,2))"], [1, 1, 4], None),
    (104, ["nn.AdaptiveMaxPool2d(2)"], [4, 4], None),
    (105, ["nn.AdaptiveMaxPool2d(-1)"], [1, 1, 4, 4], None),
    (106, ["nn.AdaptiveAvgPool3d(2)"], [4, 4, 4], None),
    (107, ["nn.Flatten()"], [5], None),
    (107, ["nn.Flatten()"], [], None),
    (108, ["nn.Flatten(2,1)"], [2, 3, 4], None),
    (109, ["nn.Flatten(1,5)"], [2, 3, 4], None),
    (110, ["nn.Flatten()"], [3, 4, 5], None),
    (111, ["nn.Unflatten(1,(3,5))"], [3, 10], None),
    (112, ["nn.Linear(4,3)"], [2, 5], None),
    (112, ["nn.Linear(4,3)"], [2, 5, 7], None),
    (113, ["nn.Linear(4,3)"], [], None),
    (114, ["nn.Conv2d(3,4,3)", "nn.Flatten()", "nn.Linear(144,10)"], [3, 8, 8], None),
    (115, ["nn.BatchNorm2d(4)"], [4, 5, 6], None),
    (115, ["nn.BatchNorm1d(4)"], [3, 4, 5, 6], None),
    (116, ["nn.BatchNorm2d(4)"], [2, 3, 5, 5], None),
    (118, ["nn.BatchNorm2d(4)"], [1, 4, 1, 1], None),  # eval: OK
    (119, ["nn.GELU(approximate='fast')"], [2, 3], None),
    (120, ["nn.Softmax(dim=2)"], [2, 3], None),
    (121, ["nn.ZeroPad2d(1)"], [3], None),
    (121, ["nn.ZeroPad2d((1,1,1))"], [1, 1, 3, 3], None),
    (122, ["nn.ReflectionPad2d(3)"], [1, 1, 3, 3],
     {"kind": "RuntimeError", "message": "Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (3, 3) at dimension 3 of input [1, 1, 3, 3]"}),
    (123, ["nn.ReflectionPad2d((1,1,3,3))"], [1, 1, 3, 3],
     {"kind": "RuntimeError", "message": "Argument #6: Padding size should be less than the corresponding input dimension, but got: padding (3, 3) at dimension 2 of input [1, 1, 3, 3]"}),
    (124, ["nn.ReflectionPad2d(1)"], [3, 3], None),
    (124, ["nn.ReplicationPad2d(1)"], [3, 3], None),
    (125, ["nn.ReplicationPad2d(-2)"], [1, 1, 3, 3], None),
    (126, ["nn.ReplicationPad2d(1)"], [1, 1, 0, 3], None),
    (127, ["nn.Upsample(size=5,scale_factor=2)"], [1, 1, 3, 3], None),
    (127, ["nn.Upsample()"], [1, 1, 3, 3], None),
    (128, ["nn.Upsample(scale_factor=2,align_corners=True)"], [1, 1, 3, 3], None),
    (129, ["nn.Upsample(scale_factor=2,mode='bilinear')"], [1, 3, 3], None),
    (130, ["nn.Upsample(size=(5,5,5))"], [1, 1, 3, 3], None),
    (131, ["nn.Upsample(scale_factor=2)"], [3, 3], None),
    (131, ["nn.Upsample(scale_factor=2,mode='cubic')"], [1, 1, 3, 3], None),
    (132, ["nn.Upsample(scale_factor=0.1)"], [1, 1, 3, 3], None),
    (133, ["nn.Upsample(scale_factor=1e6)"], [1, 1, 3, 3], mem(36000000000000)),
]
# Not applicable to a planned nn.Sequential: #52 (int64 input; ConvPlay
# inputs are float32), #59/#60 (forward(output_size=...) is not a layer
# argument), #117/#118-train (the playground runs in eval mode).


def semantics_cases():
    cases = []
    for number, layers, shape, override in SEMANTICS_CASES:
        if override is not None and override.get("kind") == MEM:
            # Refused by ConvPlay before allocating; never run it in torch.
            result = {"error": {"layer": len(layers) - 1, "kind": MEM,
                                "message": override["contains"], "compare": "contains"}}
        else:
            result = run_stack(layers, shape)
            if override is not None:
                if "out" in override:
                    result = {"layers": [{"out": o, "params": 0} for o in override["out"]]}
                else:
                    result["layers"] = result.get("layers", [])[: len(layers) - 1]
                    result["error"] = dict(result.get("error", {"layer": len(layers) - 1}))
                    result["error"].update(override)
                    result["error"]["note"] = "current PyTorch (docs/semantics.md §13); 1.13 differs"
            elif "error" in result and result["error"]["kind"] == "TypeError":
                result["error"]["compare"] = "kind"
            if override is None or "kind" not in override:
                result = to_current(layers, shape, result)
        cases.append(make_case(f"semantics-{number}", layers, shape, result))
    return cases


def make_case(name, layers, shape, result):
    code = "nn.Sequential(" + ", ".join(layers) + ")"
    case = {"name": name, "code": code, "input": shape}
    if "error" in result:
        case["error"] = result["error"]
        case["layers"] = result.get("layers", [])
    else:
        case["layers"] = result["layers"]
    return case


# --------------------------------------------------------------------------
# Forward values. Inputs and weights come from hash_value(), which
# convplay::HashValue reproduces bit for bit, so only outputs are stored.

M64 = (1 << 64) - 1


def hash_value(seed, i):
    state = (seed * 0x100000001B3 + i + 0x9E3779B97F4A7C15) & M64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    z ^= z >> 31
    return -1.0 + 2.0 * ((z >> 40) / 16777216.0)


def hashed_tensor(seed, shape):
    n = math.prod(shape)
    return torch.tensor([hash_value(seed, i) for i in range(n)], dtype=torch.float32).reshape(shape)


def fill_weights(model, seed):
    """state_dict tensor j gets seed + j + 1; running_var stays positive."""
    with torch.no_grad():
        for j, (key, t) in enumerate(model.state_dict().items()):
            if key.endswith("num_batches_tracked"):
                continue
            values = hashed_tensor(seed + j + 1, list(t.shape))
            if key.endswith("running_var"):
                values = values.abs() + 0.5
            t.copy_(values)


FORWARD_GENS = [gen_conv, gen_conv, gen_conv_t, gen_maxpool, gen_avgpool, gen_adaptive,
                gen_simple, gen_simple, gen_pad, gen_upsample]


def main_forward(rng):
    cases = []
    attempts = 0
    while len(cases) < FORWARD_TARGET:
        attempts += 1
        n = rng.choice([1, 2, 2, 3])
        batched = rng.random() < 0.7
        c = rng.randint(1, 4)
        spatial = [rng.randint(2, 12 if n < 3 else 5) for _ in range(n)]
        input_shape = ([rng.randint(1, 2)] if batched else []) + [c] + spatial
        shape = list(input_shape)
        codes = []
        ok = True
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            if codes and rng.random() < 0.15:
                codes.append(gen_flatten_linear(rng, n, shape, batched))
            else:
                codes.append(rng.choice(FORWARD_GENS)(rng, n, shape, batched))
            try:
                result = to_current(codes, input_shape, run_stack(codes, input_shape))
            except Dropped:
                ok = False
                break
            if "error" in result:
                ok = False
                break
            shape = result["layers"][-1]["out"]
        if not ok or math.prod(shape) > 600 or math.prod(shape) == 0:
            continue
        seed = 1000 + len(cases)
        env = {"nn": nn, "torch": torch}
        model = nn.Sequential(*[eval(code, env) for code in codes]).eval()
        fill_weights(model, seed)
        x = hashed_tensor(seed, input_shape)
        with torch.no_grad():
            y = model(x)
        if isinstance(y, tuple):
            y = y[0]
        if not torch.isfinite(y).all():
            continue
        cases.append({
            "name": f"forward-{len(cases)}",
            "code": "nn.Sequential(" + ", ".join(codes) + ")",
            "input": input_shape,
            "seed": seed,
            "output_shape": list(y.shape),
            "output": [float("%.9g" % v) for v in y.flatten().tolist()],
        })
    with open(FORWARD_OUT, "w") as f:
        f.write('{"torch": "%s", "cases": [\n' % torch.__version__)
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]}\n")
    print(f"wrote {len(cases)} forward cases after {attempts} attempts", file=sys.stderr)


def main():
    rng = random.Random(SEED)
    valid, invalid = [], []
    dropped = {}
    attempts = 0
    while len(valid) < VALID_TARGET or len(invalid) < INVALID_TARGET:
        attempts += 1
        try:
            codes, shape, result = random_case(rng)
            result = to_current(codes, shape, result)
        except Dropped as d:
            dropped[str(d)] = dropped.get(str(d), 0) + 1
            continue
        if "error" in result:
            if len(invalid) < INVALID_TARGET:
                invalid.append(make_case(f"random-invalid-{len(invalid)}", codes, shape, result))
        elif len(valid) < VALID_TARGET:
            valid.append(make_case(f"random-valid-{len(valid)}", codes, shape, result))
    cases = semantics_cases() + valid + invalid
    with open(OUT, "w") as f:
        f.write('{"torch": "%s", "seed": %d, "cases": [\n' % (torch.__version__, SEED))
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]}\n")
    main_forward(random.Random(SEED + 1))
    print(f"wrote {len(cases)} cases ({len(valid)} valid random, {len(invalid)} invalid random, "
          f"{len(cases) - len(valid) - len(invalid)} from docs/semantics.md §13) after {attempts} attempts; "
          f"dropped: {dropped}", file=sys.stderr)


if __name__ == "__main__":
    main()
