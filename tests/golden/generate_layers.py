#!/usr/bin/python3
"""Writes tests/golden/layers.json from real PyTorch: nn.PReLU, nn.PixelShuffle,
nn.PixelUnshuffle and nn.InstanceNorm1d/2d/3d.

Run with Debian's interpreter and python3-torch:
    /usr/bin/python3 tests/golden/generate_layers.py

A separate file so that shapes.json and forward.json stay as generate.py wrote
them. "cases" has the format of shapes.json (plus the warnings PyTorch gave,
by layer), "forward" that of forward.json (hash_value inputs and weights).

ConvPlay follows current PyTorch (2.x); this machine has 1.13, whose
_InstanceNorm.forward lacks the num_features check and passes momentum=None
on as None. `current_instance_norm_forward` is the 2.x forward
(torch/nn/modules/instancenorm.py) on top of 1.13's unchanged ATen op; every
case runs with it patched in.
"""

import json
import math
import os
import sys
import warnings

import generate as g  # re-executes this script with PYTHONHASHSEED=0
import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.modules import instancenorm

OUT = os.path.join(g.HERE, "layers.json")


def current_instance_norm_forward(self, input):
    self._check_input_dim(input)
    feature_dim = input.dim() - self._get_no_batch_dim()
    if input.size(feature_dim) != self.num_features:
        if self.affine:
            raise ValueError(
                f"expected input's size at dim={feature_dim} to match num_features"
                f" ({self.num_features}), but got: {input.size(feature_dim)}."
            )
        warnings.warn(
            f"input's size at dim={feature_dim} does not match num_features. "
            "You can silence this warning by not passing in num_features, "
            "which is not used because affine=False"
        )
    if input.dim() == self._get_no_batch_dim():
        return self._handle_no_batch_input(input)
    return self._apply_instance_norm(input)


def current_apply_instance_norm(self, input):
    return F.instance_norm(
        input, self.running_mean, self.running_var, self.weight, self.bias,
        self.training or not self.track_running_stats,
        self.momentum if self.momentum is not None else 0.0, self.eps)


instancenorm._InstanceNorm.forward = current_instance_norm_forward
instancenorm._InstanceNorm._apply_instance_norm = current_apply_instance_norm


def run_stack(layer_codes, input_shape):
    """generate.run_stack, also recording each layer's warnings."""
    env = {"nn": nn, "torch": torch}
    modules = []
    for i, code in enumerate(layer_codes):
        try:
            modules.append(eval(code, env))
        except Exception as e:  # noqa: BLE001 - any PyTorch error is data
            return {"error": g.error_of(i, e)}
    x = torch.zeros(input_shape)
    layers, caught = [], []
    with torch.no_grad():
        for i, m in enumerate(modules):
            m.eval()
            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter("always")
                try:
                    x = m(x)
                except Exception as e:  # noqa: BLE001
                    return {"error": g.error_of(i, e), "layers": layers, "warnings": caught}
            caught += [[i, str(x.message)] for x in w]
            layers.append({"out": list(x.shape), "params": sum(p.numel() for p in m.parameters())})
    return {"layers": layers, "warnings": caught}


# (layers, input shape); TypeErrors from Python's argument parsing are
# compared by kind only, as in generate.py.
SHAPE_CASES = [
    # PReLU: one weight broadcasts; else the channel is dim 1 (1 for 1-D).
    (["nn.PReLU()"], [2, 3, 4, 4]),
    (["nn.PReLU()"], [3]),
    (["nn.PReLU()"], []),
    (["nn.PReLU()"], [0]),
    (["nn.PReLU(3)"], [2, 3, 5]),
    (["nn.PReLU(3)"], [2, 3]),
    (["nn.PReLU(3)"], [3, 5]),
    (["nn.PReLU(3)"], [2, 4, 5]),
    (["nn.PReLU(3)"], [4]),
    (["nn.PReLU(4)"], [4]),
    (["nn.PReLU(3)"], []),
    (["nn.PReLU(3)"], [0, 3, 2]),
    (["nn.PReLU(3)"], [0, 4, 2]),
    (["nn.PReLU(3)"], [2, 0]),
    (["nn.PReLU(0)"], [2, 0, 3]),
    (["nn.PReLU(0)"], [5]),
    (["nn.PReLU(num_parameters=4, init=0.1)"], [1, 4, 2, 2]),
    (["nn.PReLU(2, True)"], [1, 2, 3]),
    (["nn.PReLU(2, 1)"], [1, 2, 3]),
    (["nn.PReLU(-1)"], [1, 2, 3]),
    (["nn.PReLU(1.5)"], [1, 2, 3]),
    (["nn.PReLU(1, 'a')"], [1, 2, 3]),
    (["nn.PReLU(1, None)"], [1, 2, 3]),
    (["nn.Conv2d(3, 8, 3)", "nn.PReLU(8)", "nn.Conv2d(8, 4, 3)", "nn.PReLU()"], [1, 3, 9, 9]),
    (["nn.Conv2d(3, 8, 3)", "nn.PReLU(3)"], [1, 3, 9, 9]),
    (["nn.Linear(6, 5)", "nn.PReLU(5)"], [4, 6]),
    (["nn.Linear(6, 5)", "nn.PReLU(5)"], [6]),
    # PixelShuffle / PixelUnshuffle: rank >= 3, factor > 0, divisibility.
    (["nn.PixelShuffle(2)"], [1, 8, 3, 3]),
    (["nn.PixelShuffle(2)"], [8, 3, 3]),
    (["nn.PixelShuffle(2)"], [2, 3, 8, 3, 3]),
    (["nn.PixelShuffle(2)"], [1, 7, 3, 3]),
    (["nn.PixelShuffle(2)"], [8, 3]),
    (["nn.PixelShuffle(2)"], []),
    (["nn.PixelShuffle(2)"], [1, 0, 3, 3]),
    (["nn.PixelShuffle(2)"], [1, 4, 0, 3]),
    (["nn.PixelShuffle(2)"], [0, 5, 3, 3]),
    (["nn.PixelShuffle(3)"], [1, 0, 3, 3]),
    (["nn.PixelShuffle(3)"], [1, 18, 2, 5]),
    (["nn.PixelShuffle(1)"], [1, 7, 3, 3]),
    (["nn.PixelShuffle(0)"], [1, 8, 3, 3]),
    (["nn.PixelShuffle(-1)"], [1, 8, 3, 3]),
    (["nn.PixelShuffle(0)"], [8, 3]),
    (["nn.PixelShuffle(upscale_factor=2)"], [1, 4, 3, 3]),
    (["nn.PixelShuffle(1.5)"], [1, 8, 3, 3]),
    (["nn.PixelShuffle('2')"], [1, 8, 3, 3]),
    (["nn.PixelShuffle(True)"], [1, 8, 3, 3]),
    (["nn.PixelShuffle(None)"], [1, 8, 3, 3]),
    (["nn.PixelUnshuffle(2)"], [1, 3, 4, 6]),
    (["nn.PixelUnshuffle(2)"], [3, 4, 4]),
    (["nn.PixelUnshuffle(2)"], [2, 2, 3, 4, 4]),
    (["nn.PixelUnshuffle(2)"], [1, 3, 5, 4]),
    (["nn.PixelUnshuffle(2)"], [1, 3, 4, 5]),
    (["nn.PixelUnshuffle(2)"], [1, 3, 5, 5]),
    (["nn.PixelUnshuffle(2)"], [0, 5, 3, 3]),
    (["nn.PixelUnshuffle(2)"], [4, 4]),
    (["nn.PixelUnshuffle(0)"], [1, 3, 4, 4]),
    (["nn.PixelUnshuffle(-2)"], [1, 3, 4, 4]),
    (["nn.PixelUnshuffle(0)"], [3, 3]),
    (["nn.PixelUnshuffle(2)"], [1, 3, 0, 4]),  # empty: returned as is
    (["nn.PixelUnshuffle(3)"], [1, 5, 3, 0]),
    (["nn.PixelUnshuffle(1.0)"], [1, 4, 3, 3]),
    (["nn.PixelUnshuffle(downscale_factor=4)"], [1, 1, 8, 12]),
    (["nn.Conv2d(1, 9, 3, padding=1)", "nn.PixelShuffle(3)"], [1, 1, 5, 5]),
    (["nn.Conv2d(1, 8, 3, padding=1)", "nn.PixelShuffle(3)"], [1, 1, 5, 5]),
    (["nn.PixelUnshuffle(2)", "nn.Conv2d(12, 4, 1)", "nn.PixelShuffle(2)"], [1, 3, 8, 8]),
    (["nn.PixelUnshuffle(2)", "nn.Conv2d(3, 4, 1)"], [1, 3, 8, 8]),
    # InstanceNorm: ranks, num_features, spatial size, empty inputs.
    (["nn.InstanceNorm1d(3)"], [3]),
    (["nn.InstanceNorm1d(3)"], [3, 4]),
    (["nn.InstanceNorm1d(3)"], [2, 3, 4]),
    (["nn.InstanceNorm1d(3)"], [2, 3, 4, 5]),
    (["nn.InstanceNorm1d(3)"], [3, 1]),
    (["nn.InstanceNorm1d(3)"], [2, 3, 1]),
    (["nn.InstanceNorm2d(3)"], [3, 4]),
    (["nn.InstanceNorm2d(3)"], [3, 4, 5]),
    (["nn.InstanceNorm2d(3)"], [1, 3, 4, 5]),
    (["nn.InstanceNorm2d(3)"], [1, 1, 3, 4, 5]),
    (["nn.InstanceNorm3d(3)"], [3, 4, 5]),
    (["nn.InstanceNorm3d(3)"], [3, 4, 5, 6]),
    (["nn.InstanceNorm3d(3)"], [1, 3, 4, 5, 6]),
    (["nn.InstanceNorm3d(3)"], [1, 1, 1, 3, 4, 5]),
    (["nn.InstanceNorm2d(4)"], [1, 3, 4, 5]),
    (["nn.InstanceNorm2d(4)"], [3, 4, 5]),
    (["nn.InstanceNorm2d(4, affine=True)"], [1, 3, 4, 5]),
    (["nn.InstanceNorm2d(4, affine=True)"], [3, 4, 5]),
    (["nn.InstanceNorm1d(4, affine=True)"], [2, 3, 5]),
    (["nn.InstanceNorm2d(4, track_running_stats=True)"], [1, 3, 4, 5]),
    (["nn.InstanceNorm2d(4, track_running_stats=True)"], [2, 3, 4, 4]),
    (["nn.InstanceNorm2d(4, track_running_stats=True)"], [3, 4, 4]),
    (["nn.InstanceNorm2d(4, track_running_stats=True)"], [1, 3, 1, 1]),
    (["nn.InstanceNorm2d(4, track_running_stats=True)"], [0, 3, 4, 4]),
    (["nn.InstanceNorm2d(4, track_running_stats=True)"], [0, 3, 1, 1]),
    (["nn.InstanceNorm2d(4, track_running_stats=True)"], [2, 3, 0, 4]),
    (["nn.InstanceNorm2d(3, track_running_stats=True)"], [1, 3, 1, 1]),
    (["nn.InstanceNorm2d(3, track_running_stats=True)"], [0, 3, 4, 4]),
    (["nn.InstanceNorm2d(3, affine=True, track_running_stats=True)"], [2, 3, 4, 4]),
    (["nn.InstanceNorm2d(3, affine=True, track_running_stats=True)"], [0, 3, 4, 4]),
    (["nn.InstanceNorm2d(3)"], [1, 3, 1, 1]),
    (["nn.InstanceNorm2d(3)"], [3, 1, 1]),
    (["nn.InstanceNorm2d(4)"], [3, 1, 1]),
    (["nn.InstanceNorm2d(3)"], [0, 3, 1, 1]),
    (["nn.InstanceNorm2d(3)"], [1, 0, 1, 1]),
    (["nn.InstanceNorm2d(3)"], [0, 3, 4, 4]),
    (["nn.InstanceNorm2d(3)"], [1, 3, 0, 4]),
    (["nn.InstanceNorm2d(3, affine=True)"], [0, 3, 4, 4]),
    (["nn.InstanceNorm2d(3, affine=True)"], [1, 3, 0, 4]),
    (["nn.InstanceNorm2d(0)"], [1, 0, 4, 4]),
    (["nn.InstanceNorm2d(0, affine=True)"], [1, 0, 4, 4]),
    (["nn.InstanceNorm2d(-1)"], [1, 3, 2, 2]),
    (["nn.InstanceNorm2d(-1, affine=True)"], [1, 3, 2, 2]),
    (["nn.InstanceNorm2d(1.5)"], [1, 3, 2, 2]),
    (["nn.InstanceNorm2d(1.5, affine=True)"], [1, 3, 2, 2]),
    (["nn.InstanceNorm2d(3, eps=-1)"], [1, 3, 2, 2]),
    (["nn.InstanceNorm2d(3, eps='a')"], [1, 3, 2, 2]),
    (["nn.InstanceNorm2d(3, momentum='a')"], [1, 3, 2, 2]),
    (["nn.InstanceNorm2d(3, momentum=None)"], [1, 3, 2, 2]),
    (["nn.InstanceNorm2d(3, momentum=None, track_running_stats=True)"], [1, 3, 2, 2]),
    (["nn.InstanceNorm2d(3, 1e-3, 0.2, True, True)"], [2, 3, 5, 5]),
    (["nn.Conv2d(3, 8, 3)", "nn.InstanceNorm2d(8, affine=True)", "nn.ReLU()"], [1, 3, 9, 9]),
    (["nn.Conv1d(2, 4, 3)", "nn.InstanceNorm1d(4)", "nn.PReLU(4)"], [2, 2, 10]),
    (["nn.Conv3d(1, 2, 3)", "nn.InstanceNorm3d(2, affine=True)"], [1, 1, 5, 5, 5]),
    (["nn.Conv2d(3, 8, 3)", "nn.InstanceNorm2d(16, affine=True)"], [1, 3, 9, 9]),
]

# Forward values: (layers, input shape).
FORWARD_CASES = [
    (["nn.PReLU()"], [2, 3, 4, 4]),
    (["nn.PReLU(3)"], [2, 3, 5]),
    (["nn.PReLU(7)"], [3, 7]),
    (["nn.PReLU()"], [11]),
    (["nn.PReLU(num_parameters=4, init=-0.5)"], [1, 4, 3, 3]),
    (["nn.Linear(6, 5)", "nn.PReLU(5)"], [4, 6]),
    (["nn.Conv2d(2, 4, 3)", "nn.PReLU(4)"], [1, 2, 6, 9]),
    (["nn.PixelShuffle(2)"], [1, 8, 3, 5]),
    (["nn.PixelShuffle(3)"], [2, 18, 2, 3]),
    (["nn.PixelShuffle(2)"], [4, 3, 7]),
    (["nn.PixelShuffle(5)"], [1, 25, 2, 2]),
    (["nn.PixelShuffle(1)"], [1, 3, 2, 4]),
    (["nn.PixelShuffle(2)"], [2, 2, 4, 2, 3]),
    (["nn.PixelUnshuffle(2)"], [1, 2, 4, 10]),
    (["nn.PixelUnshuffle(3)"], [2, 1, 6, 9]),
    (["nn.PixelUnshuffle(4)"], [1, 1, 4, 20]),
    (["nn.PixelUnshuffle(2)"], [3, 2, 6]),
    (["nn.PixelUnshuffle(2)", "nn.PixelShuffle(2)"], [1, 2, 6, 8]),
    (["nn.Conv2d(1, 9, 3, padding=1)", "nn.PixelShuffle(3)"], [1, 1, 5, 5]),
    (["nn.InstanceNorm1d(3)"], [2, 3, 10]),
    (["nn.InstanceNorm1d(3)"], [3, 10]),
    (["nn.InstanceNorm2d(3)"], [2, 3, 5, 7]),
    (["nn.InstanceNorm2d(3, affine=True)"], [2, 3, 5, 7]),
    (["nn.InstanceNorm2d(3, affine=True)"], [3, 4, 4]),
    (["nn.InstanceNorm2d(3, eps=0.5)"], [1, 3, 2, 2]),
    (["nn.InstanceNorm2d(3, track_running_stats=True)"], [2, 3, 4, 4]),
    (["nn.InstanceNorm2d(3, affine=True, track_running_stats=True)"], [2, 3, 4, 4]),
    (["nn.InstanceNorm2d(3, affine=True, track_running_stats=True)"], [1, 3, 1, 1]),
    (["nn.InstanceNorm2d(5)"], [1, 3, 4, 4]),
    (["nn.InstanceNorm3d(2)"], [1, 2, 3, 4, 5]),
    (["nn.InstanceNorm3d(2, affine=True)"], [2, 3, 4, 5]),
    (["nn.Conv2d(3, 8, 3)", "nn.InstanceNorm2d(8, affine=True)", "nn.ReLU()"], [1, 3, 9, 9]),
    (["nn.Conv1d(2, 4, 3)", "nn.InstanceNorm1d(4)", "nn.PReLU(4)"], [2, 2, 10]),
]


def shape_cases():
    cases = []
    for n, (layers, shape) in enumerate(SHAPE_CASES):
        result = run_stack(layers, shape)
        if "error" in result and result["error"]["kind"] == "TypeError":
            result["error"]["compare"] = "kind"
        case = g.make_case(f"layers-{n}", layers, shape, result)
        case["warnings"] = result.get("warnings", [])
        cases.append(case)
    return cases


def forward_cases():
    cases = []
    env = {"nn": nn, "torch": torch}
    for n, (codes, input_shape) in enumerate(FORWARD_CASES):
        seed = 5000 + n
        model = nn.Sequential(*[eval(code, env) for code in codes]).eval()
        g.fill_weights(model, seed)
        x = g.hashed_tensor(seed, input_shape)
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            y = model(x)
        assert torch.isfinite(y).all(), codes
        cases.append({
            "name": f"layers-forward-{n}",
            "code": "nn.Sequential(" + ", ".join(codes) + ")",
            "input": input_shape,
            "seed": seed,
            "output_shape": list(y.shape),
            "output": [float("%.9g" % v) for v in y.flatten().tolist()],
        })
    return cases


def main():
    shapes = shape_cases()
    forward = forward_cases()
    with open(OUT, "w") as f:
        f.write('{"torch": "%s", "cases": [\n' % torch.__version__)
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in shapes))
        f.write('\n], "forward": [\n')
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in forward))
        f.write("\n]}\n")
    errors = sum("error" in c for c in shapes)
    print(f"wrote {len(shapes)} shape cases ({errors} errors) and {len(forward)} forward cases",
          file=sys.stderr)


if __name__ == "__main__":
    main()
