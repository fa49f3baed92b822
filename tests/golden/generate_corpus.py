#!/usr/bin/python3
"""Writes tests/golden/corpus.json from real PyTorch.

Run with Debian's interpreter and python3-torch:
    /usr/bin/python3 tests/golden/generate_corpus.py
    /usr/bin/python3 tests/golden/generate_corpus.py --check-emitted DIR
    /usr/bin/python3 tests/golden/generate_corpus.py --macs      (print MACs per case too)

Every tests/golden/corpus/<name>.py is a PyTorch model definition written for
ConvPlay after a published course/tutorial model: same architecture, class and
attribute names and Python constructs, our own code (or, for names starting with
`mistake_`, a small learner's edit of one that PyTorch rejects).  Its header
(comment lines at the top) says

    # after: <URL of the page/file the architecture follows>
    # input: 1x3x32x32
    # model: Net()        <- Python expression evaluated after the file
    # note: <what was changed / what the mistake is>
    # expect: RuntimeError   (mistakes only: the exception type PyTorch raises)

For each case the file is exec'd (compiled under its own file name, so traceback
line numbers are the file's), the model expression is evaluated, the module is
put in eval mode, its state_dict is filled by FILL_TEXT below, it runs forward on
the deterministic input and the result is recorded.  A case that raises when it
is meant to be valid (or vice versa) makes the script exit 1.

--check-emitted DIR: for each DIR/<name>.py (ConvPlay's re-emitted code of a
case, header `# model: <expr>`), build it and compare the leaf-module calls
(name, type, output shape), the parameter count and the state_dict keys and
shapes with the golden case of the same name (for a mistake: the error's
phase, type and message).  Exit 1 if any differ.
"""

import copy
import json
import math
import os
import re
import sys
import traceback
import warnings

# Python sets/dicts print in hash order in some messages: fix the hash seed so
# the generated file is reproducible.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

import torch  # noqa: E402

warnings.filterwarnings("ignore")
torch.set_num_threads(1)

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
OUT = os.path.join(HERE, "corpus.json")
MAX_VALUES = 20000
REL_ERR_LIMIT = 1e-5

FILL_TEXT = (
    "Enumerate state_dict() entries in order with index k = 0,1,2,...; i is the flat "
    "C-order index within the entry, arithmetic on Python ints then converted to the "
    "entry's dtype. int64 entries (num_batches_tracked): leave the value. Key ending "
    "in 'running_var': v[i] = 0.5 + ((i*37 + k*11) % 100) / 100. Otherwise "
    "u = ((i*7919 + k*104729) % 2001 - 1000) / 1000 and v[i] = u * s with "
    "s = 1/sqrt(numel/shape[0]) for dim >= 2 and s = 0.5 for dim <= 1 (empty entries "
    "untouched). Then every non-int, non-running_var entry is multiplied by "
    "weight_scale (default 1; halved until float32_rel_err <= 1e-5). Copied with "
    "load_state_dict. Input: x[i] = ((i*2654435761) % 2000 - 1000) / 1000 (float32), "
    "flat C-order index. values = the float64 output (model.double() on x.double()), "
    "9 significant digits; float32_rel_err = max|f32-f64| / max|f64|."
)

ERROR_TEXT = (
    "Mistake cases (name mistake_*) have valid=false and error = {type, message (str of the "
    "exception), line (1-based line in the case file of the innermost traceback frame whose "
    "file is the case file; null when no such frame, e.g. the failing layer sits in an "
    "nn.Sequential defined at module level and the error is raised inside torch), phase: "
    "'construct' (exec of the file or evaluating the model expression) or 'forward'}. "
    "Forward-phase mistakes also list the calls that completed before the error."
)

HEADER_RE = re.compile(r"^#\s*(after(?:-\d+)?|input|model|note|expect):\s?(.*)$")


# --------------------------------------------------------------------------
# Reading a case file


def read_case(path):
    with open(path, encoding="utf-8") as f:
        src = f.read()
    head = {}
    for line in src.splitlines():
        if not line.startswith("#"):
            break
        m = HEADER_RE.match(line)
        if m:
            key, val = m.group(1), m.group(2).strip()
            if key == "note" and "note" in head:
                head["note"] += " " + val
            elif key == "after" or key.startswith("after-"):
                # stored as "source" in corpus.json; after-2 etc. append
                head["source"] = (head["source"] + " " + val) if "source" in head else val
            else:
                head[key] = val
    if "model" not in head:
        raise SystemExit(f"{path}: no '# model:' header")
    return src, head


def parse_shape(text):
    return [int(d) for d in text.lower().split("x")]


# --------------------------------------------------------------------------
# Deterministic fill


def fill_value_tensor(key, k, t, scale):
    """The fill rule (FILL_TEXT) for one state_dict entry; returns a new tensor."""
    if t.dtype == torch.int64 or not t.is_floating_point():
        return t.clone()
    n = t.numel()
    if n == 0:
        return t.clone()
    i = torch.arange(n, dtype=torch.int64)
    if key.endswith("running_var"):
        v = 0.5 + ((i * 37 + k * 11) % 100).double() / 100
    else:
        u = ((i * 7919 + k * 104729) % 2001 - 1000).double() / 1000
        s = 1 / math.sqrt(n / t.shape[0]) if t.dim() >= 2 else 0.5
        v = u * s * scale
    return v.reshape(t.shape).to(t.dtype)


def fill(model, scale):
    sd = model.state_dict()
    new = {}
    for k, (key, t) in enumerate(sd.items()):
        new[key] = fill_value_tensor(key, k, t, scale)
    model.load_state_dict(new)


def make_input(shape):
    n = math.prod(shape)
    i = torch.arange(n, dtype=torch.int64)
    x = ((i * 2654435761) % 2000 - 1000).double() / 1000
    return x.reshape(shape).to(torch.float32)


# --------------------------------------------------------------------------
# Running a case


class CaseError(Exception):
    def __init__(self, phase, exc, line):
        super().__init__(str(exc))
        self.phase, self.exc, self.line = phase, exc, line


def innermost_line(exc, filename):
    line = None
    for fs in traceback.extract_tb(exc.__traceback__):
        if fs.filename == filename:
            line = fs.lineno
    return line


def first_tensor(out):
    if isinstance(out, torch.Tensor):
        return out
    if isinstance(out, (tuple, list)):
        for o in out:
            t = first_tensor(o)
            if t is not None:
                return t
    if isinstance(out, dict):
        for o in out.values():
            t = first_tensor(o)
            if t is not None:
                return t
    return None


def construct(path, src, expr):
    torch.manual_seed(0)
    ns = {"__name__": "corpus_case", "__file__": path}
    try:
        exec(compile(src, path, "exec"), ns)
        model = eval(compile(expr, "<model expression>", "eval"), ns)
    except Exception as e:  # noqa: BLE001 - any error is data
        raise CaseError("construct", e, innermost_line(e, path)) from e
    if not isinstance(model, torch.nn.Module):
        raise SystemExit(f"{path}: model expression {expr!r} is not an nn.Module")
    return model


def leaf_hooks(model, calls, macs):
    handles = []
    for name, m in model.named_modules():
        if len(list(m.children())) != 0:
            continue

        def hook(mod, inp, out, name=name):
            t = first_tensor(out)
            calls.append({"module": name, "type": type(mod).__name__,
                          "output": list(t.shape) if t is not None else None})
            if macs is not None and t is not None:
                macs[0] += count_macs(mod, inp, t)
        handles.append(m.register_forward_hook(hook))
    return handles


def count_macs(mod, inp, out):
    nn = torch.nn
    if isinstance(mod, (nn.Conv1d, nn.Conv2d, nn.Conv3d)):
        return out.numel() * (mod.in_channels // mod.groups) * math.prod(mod.kernel_size)
    if isinstance(mod, (nn.ConvTranspose1d, nn.ConvTranspose2d, nn.ConvTranspose3d)):
        return inp[0].numel() * (mod.out_channels // mod.groups) * math.prod(mod.kernel_size)
    if isinstance(mod, nn.Linear):
        return out.numel() * mod.in_features
    return 0


def forward(path, model, x, calls=None, macs=None):
    handles = leaf_hooks(model, calls, macs) if calls is not None else []
    try:
        with torch.no_grad():
            out = model(x)
    except Exception as e:  # noqa: BLE001
        raise CaseError("forward", e, innermost_line(e, path)) from e
    finally:
        for h in handles:
            h.remove()
    t = first_tensor(out)
    if t is None:
        raise SystemExit(f"{path}: forward returned no tensor")
    return t


def g9(v):
    return float("%.9g" % v)


def describe_state(model):
    return [[k, list(v.shape), str(v.dtype).replace("torch.", "")]
            for k, v in model.state_dict().items()]


def count_params(model):
    return sum(p.numel() for p in model.parameters())


def error_record(ce):
    return {"type": type(ce.exc).__name__, "message": str(ce.exc),
            "line": ce.line, "phase": ce.phase}


def run_case(name, want_macs=False):
    path = os.path.join(CORPUS, name + ".py")
    src, head = read_case(path)
    expect_valid = not name.startswith("mistake_")
    rec = {"name": name, "file": f"corpus/{name}.py", "source": head.get("source", ""),
           "input": parse_shape(head["input"]), "model": head["model"]}
    if head.get("note"):
        rec["note"] = head["note"]
    calls = []
    macs = [0] if want_macs else None
    try:
        model = construct(path, src, head["model"])
        model.eval()
        rec["params"] = count_params(model)
        rec["state_dict"] = describe_state(model)
        x = make_input(rec["input"])
        scale_k = 0
        fill(model, 1.0)
        out32 = forward(path, model, x, calls, macs)
    except CaseError as ce:
        if expect_valid:
            traceback.print_exception(type(ce.exc), ce.exc, ce.exc.__traceback__)
            raise SystemExit(f"FAIL {name}: meant to be valid but raised "
                             f"{type(ce.exc).__name__}: {ce.exc}")
        if head.get("expect") and head["expect"] != type(ce.exc).__name__:
            raise SystemExit(f"FAIL {name}: expected {head['expect']}, got "
                             f"{type(ce.exc).__name__}: {ce.exc}")
        rec["valid"] = False
        rec["error"] = error_record(ce)
        if ce.phase == "forward":
            rec["calls"] = calls
        return rec, (macs[0] if macs else None)
    if not expect_valid:
        raise SystemExit(f"FAIL {name}: a mistake case ran without an error")

    rec["valid"] = True
    rec["calls"] = calls
    rec["output"] = list(out32.shape)
    m64 = copy.deepcopy(model).double()
    while True:
        scale = 0.5 ** scale_k
        if scale_k:
            fill(model, scale)
            out32 = forward(path, model, x)
            m64 = copy.deepcopy(model).double()
        out64 = forward(path, m64, x.double())
        mx = out64.abs().max().item() if out64.numel() else 0.0
        err = (out32.double() - out64).abs().max().item() if out64.numel() else 0.0
        rel = err / mx if mx > 0 else err
        if rel <= REL_ERR_LIMIT or scale_k >= 40:
            break
        scale_k += 1
    if rel > REL_ERR_LIMIT:
        raise SystemExit(f"FAIL {name}: float32_rel_err {rel} even at scale {scale}")
    if scale_k:
        rec["weight_scale"] = scale
    flat = out64.reshape(-1).tolist()
    rec["values"] = [g9(v) for v in flat[:MAX_VALUES]]
    if len(flat) > MAX_VALUES:
        rec["values_truncated"] = True
    rec["max_abs"] = g9(mx)
    rec["float32_rel_err"] = float("%.2g" % rel)
    return rec, (macs[0] if macs else None)


def case_names():
    return sorted(f[:-3] for f in os.listdir(CORPUS) if f.endswith(".py"))


def generate(want_macs):
    cases = []
    for name in case_names():
        rec, macs = run_case(name, want_macs)
        cases.append(rec)
        status = "valid" if rec["valid"] else "error(%s) %s" % (
            rec["error"]["phase"], rec["error"]["type"])
        extra = f" {macs / 1e6:.1f} MMAC" if macs is not None else ""
        print(f"{name}: {status}{extra}", file=sys.stderr)
    top = {"generator": "tests/golden/generate_corpus.py", "torch": torch.__version__,
           "fill": FILL_TEXT, "errors": ERROR_TEXT}
    # One case per line: small diffs, file stays readable.
    parts = ["{"]
    for k, v in top.items():
        parts.append(f" {json.dumps(k)}: {json.dumps(v)},")
    parts.append(' "cases": [')
    parts.append(",\n".join("  " + json.dumps(c, separators=(",", ":")) for c in cases))
    parts.append(" ]")
    parts.append("}")
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(parts) + "\n")
    json.load(open(OUT, encoding="utf-8"))  # sanity
    nvalid = sum(c["valid"] for c in cases)
    print(f"corpus: {len(cases)} cases, {nvalid} valid, {len(cases) - nvalid} mistakes "
          f"-> {os.path.relpath(OUT)} ({os.path.getsize(OUT)} bytes)")


# --------------------------------------------------------------------------
# --check-emitted


def check_emitted(directory):
    golden = {c["name"]: c for c in json.load(open(OUT, encoding="utf-8"))["cases"]}
    files = sorted(f for f in os.listdir(directory) if f.endswith(".py"))
    nsame = ndiff = 0
    for f in files:
        name = f[:-3]
        path = os.path.abspath(os.path.join(directory, f))
        problems = []
        notes = []
        if name not in golden:
            problems.append("no golden case of that name")
        else:
            g = golden[name]
            src, head = read_case(path)
            calls = []
            try:
                model = construct(path, src, head["model"])
                model.eval()
                params, state = count_params(model), describe_state(model)
                forward(path, model, make_input(g["input"]), calls)
                err = None
            except CaseError as ce:
                err = error_record(ce)
            if g["valid"]:
                if err:
                    problems.append(f"raised {err['type']} ({err['phase']}): {err['message']}")
                else:
                    if params != g["params"]:
                        problems.append(f"params {params} != {g['params']}")
                    gs = [(k, s) for k, s, _ in g["state_dict"]]
                    es = [(k, s) for k, s, _ in state]
                    # A stack exported as a class names its layers by kind
                    # (conv1, fc1): the same tensors under other names.
                    renamed = (es != gs and [s for _, s in es] == [s for _, s in gs]
                               and [(c["type"], c["output"]) for c in g["calls"]
                                    if hasattr(torch.nn, c["type"])]
                               == [(c["type"], c["output"]) for c in calls])
                    if renamed:
                        notes.append("same shapes; names " + ", ".join(
                            f"{a}->{b}" for (a, _), (b, _) in list(zip(gs, es))[:2]) + ", …")
                    elif es != gs:
                        missing = [k for k in gs if k not in es][:3]
                        extra = [k for k in es if k not in gs][:3]
                        problems.append(f"state_dict differs (missing {missing}, extra {extra})")
                    gc = [(c["module"], c["type"], c["output"]) for c in g["calls"]]
                    ec = [(c["module"], c["type"], c["output"]) for c in calls]
                    if ec != gc and not renamed:
                        n = next((i for i, (a, b) in enumerate(zip(ec, gc)) if a != b),
                                 min(len(ec), len(gc)))
                        problems.append(
                            f"calls differ at #{n}: "
                            f"{ec[n] if n < len(ec) else None} vs {gc[n] if n < len(gc) else None}"
                            f" ({len(ec)} vs {len(gc)} calls)")
            else:
                ge = g["error"]
                if err is None:
                    problems.append(f"ran, golden raises {ge['type']}: {ge['message']}")
                elif (err["type"], err["message"], err["phase"]) != (
                        ge["type"], ge["message"], ge["phase"]):
                    problems.append(f"error {err['type']} ({err['phase']}): {err['message']} "
                                    f"!= {ge['type']} ({ge['phase']}): {ge['message']}")
        if problems:
            ndiff += 1
            print(f"{name}: differs: " + "; ".join(problems))
        else:
            nsame += 1
            print(f"{name}: same" + (f" ({'; '.join(notes)})" if notes else ""))
    print(f"check-emitted: {len(files)} files, {nsame} same, {ndiff} differ")
    return 1 if ndiff or not files else 0


def main(argv):
    if len(argv) >= 2 and argv[0] == "--check-emitted":
        return check_emitted(argv[1])
    if argv and argv[0] not in ("--macs",):
        print(__doc__)
        return 2
    generate("--macs" in argv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
