#!/usr/bin/env python3
"""PyTorch reference benchmark for milkid (run side by side with the Java benchmark).

Model (method-notes section 2, MNIST): LeNet-5 encoder
  conv(1->20,5x5) ReLU maxpool2 -> conv(20->50,5x5) ReLU maxpool2 -> flatten 800 -> linear 500 ReLU,
attention linear(500->128) tanh -> linear(128->1), softmax over the K instances,
z = sum_k a_k h_k, classifier linear(500->1), P = sigmoid, loss = Bernoulli NLL with P
clamped to [1e-5, 1-1e-5]. One bag = tensor [K,1,28,28], pixels uniform in [0,1], fixed seed.

Measured (median over --reps timed repetitions after --warmup untimed ones):
  pytorchInversionMsPerIter  one sparse network inversion iteration (paper eq. 9): frozen weights,
                             eval mode, fresh input leaf, forward, NLL vs target 1, backward to
                             the input, X <- clamp01(soft_lambda(X - eta*grad)), eta 1e-4,
                             lambda 1e-3, update done without autograd.
  pytorchTrainMsPerStep      one Adam step (lr 5e-4, betas 0.9/0.999, weight_decay 1e-4):
                             zero_grad, forward, loss, backward, step.
  pytorchGemmGflops          2048^3 float32 torch.mm, 2*n^3 / s / 1e9.
  bf16                       the same network in bfloat16 (weights and pixels) against float32, in
                             the fastest layout: a forward pass in inference mode and one sparse
                             inversion iteration, their medians, and the errors of both types
                             against float64 (bag logit, attention weights, the loss gradient to
                             the pixels). milkid cannot run bfloat16 itself (DJL 0.36's PyTorch
                             engine has no bfloat16 tensors): this says what it would gain.

The same math is computed in several layouts ("variants"); all share one set of weights and are
checked against the plain nn.Linear variant before timing. The Debian build of torch 1.13 runs
nn.Linear through a reference (netlib) BLAS but convolutions through oneDNN, so expressing the
fully connected layers as convolutions is much faster there. Both headline numbers come from one
variant, the one with the lowest inversion + train median; every variant's timings are in the JSON.

Run with an interpreter that imports torch (on this machine: /usr/bin/python3):
  /usr/bin/python3 bench/pytorch_reference.py --instances 400 --warmup 3 --reps 10 --threads 2 --json
The last line of stdout is one JSON object.
"""
import argparse
import copy
import json
import statistics
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as e:  # pragma: no cover
    sys.stderr.write("pytorch_reference.py: cannot import torch (%s) with %s; "
                     "install python3-torch and run with /usr/bin/python3\n" % (e, sys.executable))
    sys.exit(2)

ETA = 1e-4
LAMBDA = 1e-3
EPS = 1e-5

# name -> (how the linear layers are expressed, memory format of activations and conv weights)
#   linear : nn.Linear on [K,800] / [K,500] (reference BLAS on this build)
#   conv1x1: every linear layer a 1x1 convolution on [N,C,1,1] (fc1 on the flattened [K,800,1,1])
#   conv4x4: fc1 a 4x4 convolution over the [K,50,4,4] map (= flatten + linear exactly),
#            attention and classifier 1x1 convolutions
VARIANTS = {
    "linear-nchw": ("linear", False),
    "linear-nhwc": ("linear", True),
    "conv1x1-nchw": ("conv1x1", False),
    "conv1x1-nhwc": ("conv1x1", True),
    "conv4x4-nchw": ("conv4x4", False),
    "conv4x4-nhwc": ("conv4x4", True),
}


class AttMil(nn.Module):
    """Attention MIL (Ilse et al. 2018), MNIST encoder; fc layers as Linear or as conv."""

    def __init__(self, fc_mode="linear"):
        super().__init__()
        self.fc_mode = fc_mode
        self.conv1 = nn.Conv2d(1, 20, 5)
        self.conv2 = nn.Conv2d(20, 50, 5)
        if fc_mode == "linear":
            self.fc1 = nn.Linear(800, 500)
            self.att1 = nn.Linear(500, 128)
            self.att2 = nn.Linear(128, 1)
            self.cls = nn.Linear(500, 1)
        else:
            self.fc1 = nn.Conv2d(800, 500, 1) if fc_mode == "conv1x1" else nn.Conv2d(50, 500, 4)
            self.att1 = nn.Conv2d(500, 128, 1)
            self.att2 = nn.Conv2d(128, 1, 1)
            self.cls = nn.Conv2d(500, 1, 1)

    def forward(self, x):  # x [K,1,28,28] -> bag logit (scalar tensor)
        h = F.max_pool2d(F.relu(self.conv1(x)), 2)
        h = F.max_pool2d(F.relu(self.conv2(h)), 2)          # [K,50,4,4]
        k = h.shape[0]
        if self.fc_mode == "linear":
            h = F.relu(self.fc1(h.flatten(1)))               # [K,500]
            s = self.att2(torch.tanh(self.att1(h)))          # [K,1]
            a = torch.softmax(s.view(1, k), dim=1)           # [1,K]
            z = torch.mm(a, h)                               # [1,500]
            return self.cls(z).view(())
        if self.fc_mode == "conv1x1":
            h = h.reshape(k, 800, 1, 1)
        h = F.relu(self.fc1(h))                              # [K,500,1,1]
        s = self.att2(torch.tanh(self.att1(h)))              # [K,1,1,1]
        a = torch.softmax(s.view(k), dim=0)                  # [K]
        z = (a.view(k, 1, 1, 1) * h).sum(0, keepdim=True)    # [1,500,1,1]
        return self.cls(z).view(())


def load_canonical(model, ref):
    """Copy the weights of the nn.Linear model `ref` into `model` (any fc_mode)."""
    sd = {}
    for name, t in ref.state_dict().items():
        target = model.state_dict()[name]
        sd[name] = t.reshape(target.shape).clone()
    model.load_state_dict(sd)
    return model


def bag_nll(logit, y):
    p = torch.sigmoid(logit).clamp(EPS, 1.0 - EPS)
    return -(y * torch.log(p) + (1.0 - y) * torch.log(1.0 - p))


def sparse_update(x, g):
    """Paper eq. 9 with the paper's threshold (lambda, not eta*lambda), outside autograd."""
    y = x - ETA * g
    y = torch.sign(y) * torch.clamp(y.abs() - LAMBDA, min=0.0)
    return y.clamp_(0.0, 1.0)


def make_variant(ref, name):
    fc_mode, cl = VARIANTS[name]
    m = load_canonical(AttMil(fc_mode), ref)
    if cl:
        m = m.to(memory_format=torch.channels_last)
    return m, cl


class Inverter:
    def __init__(self, ref, name, bag):
        self.model, self.cl = make_variant(ref, name)
        self.model.eval()
        for p in self.model.parameters():
            p.requires_grad_(False)
        self.x = bag.clone()
        if self.cl:
            self.x = self.x.contiguous(memory_format=torch.channels_last)
        self.target = torch.tensor(1.0)

    def step(self):
        x = self.x.detach().requires_grad_(True)          # fresh leaf every iteration
        loss = bag_nll(self.model(x), self.target)
        (g,) = torch.autograd.grad(loss, x)
        with torch.no_grad():
            self.x = sparse_update(x, g)
        return loss


class Trainer:
    def __init__(self, ref, name, bag):
        self.model, self.cl = make_variant(ref, name)
        self.model.train()
        self.opt = torch.optim.Adam(self.model.parameters(), lr=5e-4, betas=(0.9, 0.999),
                                    weight_decay=1e-4)
        self.x = bag.contiguous(memory_format=torch.channels_last) if self.cl else bag
        self.y = torch.tensor(1.0)

    def step(self):
        self.opt.zero_grad(set_to_none=True)
        loss = bag_nll(self.model(self.x), self.y)
        loss.backward()
        self.opt.step()
        return loss


def check_same_math(ref, names, bag):
    """Loss and input gradient of every variant vs. the nn.Linear NCHW variant (max abs diff)."""
    out = {}
    base = None
    for name in names:
        m, cl = make_variant(ref, name)
        m.eval()
        x = bag.clone()
        if cl:
            x = x.contiguous(memory_format=torch.channels_last)
        x.requires_grad_(True)
        loss = bag_nll(m(x), torch.tensor(1.0))
        (g,) = torch.autograd.grad(loss, x)
        if base is None:
            base = (loss.detach(), g.contiguous())
        dl = (loss.detach() - base[0]).abs().item()
        dg = (g.contiguous() - base[1]).abs().max().item()
        rel = dg / max(base[1].abs().max().item(), 1e-30)
        out[name] = {"lossAbsDiff": dl, "gradMaxAbsDiff": dg, "gradMaxRelDiff": rel}
        if dl > 1e-4 or rel > 1e-3:
            raise RuntimeError("variant %s does not compute the same math: %r" % (name, out[name]))
    return out


def time_interleaved(runners, warmup, reps):
    """Round-robin over variants so slow drift on a noisy 2-core box hits them alike."""
    for _ in range(warmup):
        for r in runners.values():
            r.step()
    times = {n: [] for n in runners}
    for _ in range(reps):
        for n, r in runners.items():
            t0 = time.perf_counter()
            r.step()
            times[n].append((time.perf_counter() - t0) * 1e3)
    return times


def attention_and_logit(model, x):
    """The attention weights [K] and the bag logit of `model` (an nn.Linear AttMil) on bag x."""
    h = F.max_pool2d(F.relu(model.conv1(x)), 2)
    h = F.max_pool2d(F.relu(model.conv2(h)), 2)
    h = F.relu(model.fc1(h.flatten(1)))
    a = torch.softmax(model.att2(torch.tanh(model.att1(h))).view(-1), dim=0)
    return a, model.cls(a.view(1, -1).mm(h)).view(())


def bf16_figures(ref, name, bag, warmup, reps):
    """bfloat16 against float32 in layout `name`: speed, and both types' errors against float64."""
    out = {"variant": name}
    exact = copy.deepcopy(ref).double().eval()
    x64 = bag.double().requires_grad_(True)
    a64, l64 = attention_and_logit(exact, x64)
    (g64,) = torch.autograd.grad(bag_nll(l64, torch.tensor(1.0, dtype=torch.float64)), x64)
    for label, dtype in (("float32", torch.float32), ("bfloat16", torch.bfloat16)):
        m = copy.deepcopy(ref).to(dtype).eval()
        for p in m.parameters():
            p.requires_grad_(False)
        x = bag.to(dtype).requires_grad_(True)
        a, logit = attention_and_logit(m, x)
        (g,) = torch.autograd.grad(bag_nll(logit, torch.tensor(1.0, dtype=dtype)), x)
        out[label] = {
            "logitAbsError": abs(logit.double().item() - l64.item()),
            "attentionMaxAbsError": (a.double() - a64).abs().max().item(),
            "attentionMax": a64.max().item(),
            "gradientRelError": ((g.double() - g64).norm() / g64.norm()).item(),
        }
        fast, cl = make_variant(ref, name)
        fast = fast.to(dtype).eval()
        for p in fast.parameters():
            p.requires_grad_(False)
        xf = bag.to(dtype)
        if cl:
            xf = xf.contiguous(memory_format=torch.channels_last)
        fwd = []
        with torch.no_grad():
            for i in range(warmup + reps):
                t0 = time.perf_counter()
                fast(xf)
                if i >= warmup:
                    fwd.append((time.perf_counter() - t0) * 1e3)
        inv = []
        xi = xf
        for i in range(warmup + reps):
            t0 = time.perf_counter()
            xl = xi.detach().requires_grad_(True)
            (g,) = torch.autograd.grad(bag_nll(fast(xl), torch.tensor(1.0, dtype=dtype)), xl)
            with torch.no_grad():
                xi = sparse_update(xl, g)
            if i >= warmup:
                inv.append((time.perf_counter() - t0) * 1e3)
        out[label]["forwardMs"] = round(statistics.median(fwd), 3)
        out[label]["inversionMsPerIter"] = round(statistics.median(inv), 3)
    out["forwardSpeedup"] = round(out["float32"]["forwardMs"] / out["bfloat16"]["forwardMs"], 3)
    out["inversionSpeedup"] = round(out["float32"]["inversionMsPerIter"] / out["bfloat16"]["inversionMsPerIter"], 3)
    return out


def gemm_gflops(n, reps):
    g = torch.Generator().manual_seed(1)
    a = torch.rand(n, n, generator=g)
    b = torch.rand(n, n, generator=g)
    torch.mm(a[:512, :512], b[:512, :512])   # load / touch the BLAS path once
    secs = []
    for _ in range(reps):
        t0 = time.perf_counter()
        torch.mm(a, b)
        secs.append(time.perf_counter() - t0)
    s = statistics.median(secs)
    return 2.0 * n ** 3 / s / 1e9, [x * 1e3 for x in secs]


def summarize(times):
    return {n: {"medianMs": round(statistics.median(v), 3), "minMs": round(min(v), 3),
                "maxMs": round(max(v), 3)} for n, v in times.items()}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--instances", type=int, default=400)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--gemm-n", type=int, default=2048)
    ap.add_argument("--gemm-reps", type=int, default=3,
                    help="the reference-BLAS 2048^3 product takes seconds; keep this small")
    ap.add_argument("--variants", default=",".join(VARIANTS),
                    help="comma-separated subset of: " + ", ".join(VARIANTS))
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--json", action="store_true", help="print the JSON object (always last line)")
    args = ap.parse_args(argv)

    names = [v.strip() for v in args.variants.split(",") if v.strip()]
    for v in names:
        if v not in VARIANTS:
            ap.error("unknown variant %s" % v)
    if "linear-nchw" in names:  # the canonical layout is the reference for the math check
        names.remove("linear-nchw")
        names.insert(0, "linear-nchw")

    torch.set_num_threads(args.threads)
    t_start = time.perf_counter()
    torch.manual_seed(args.seed)
    ref = AttMil("linear")                       # canonical weights (PyTorch default init)
    g = torch.Generator().manual_seed(args.seed)
    bag = torch.rand(args.instances, 1, 28, 28, generator=g)

    same_math = check_same_math(ref, names, bag)

    inv = time_interleaved({n: Inverter(ref, n, bag) for n in names}, args.warmup, args.reps)
    trn = time_interleaved({n: Trainer(ref, n, bag) for n in names}, args.warmup, args.reps)
    inv_s, trn_s = summarize(inv), summarize(trn)
    # one variant for both headline numbers: the lowest inversion + train median
    best = min(names, key=lambda n: inv_s[n]["medianMs"] + trn_s[n]["medianMs"])

    gflops, gemm_ms = gemm_gflops(args.gemm_n, args.gemm_reps)
    try:
        bf16 = bf16_figures(ref, best, bag, args.warmup, args.reps)
    except RuntimeError as e:  # e.g. oneDNN without a bfloat16 kernel for this CPU or ISA cap
        bf16 = {"variant": best, "error": str(e).strip().splitlines()[0]}

    blas = [l.strip() for l in torch.__config__.show().splitlines() if "BLAS_INFO" in l]
    blas_info = None
    if blas:
        for part in blas[0].split(","):
            if "BLAS_INFO" in part:
                blas_info = part.split("=", 1)[1].strip()
    result = {
        "pytorchInversionMsPerIter": inv_s[best]["medianMs"],
        "pytorchTrainMsPerStep": trn_s[best]["medianMs"],
        "pytorchGemmGflops": round(gflops, 3),
        "torchVersion": torch.__version__,
        "threads": torch.get_num_threads(),
        "variant": best,
        "reps": args.reps,
        "warmup": args.warmup,
        "instances": args.instances,
        "gemmN": args.gemm_n,
        "gemmReps": args.gemm_reps,
        "gemmMs": [round(x, 1) for x in gemm_ms],
        "inversionByVariant": inv_s,
        "trainByVariant": trn_s,
        "sameMathCheck": same_math,
        "bf16": bf16,
        "blasInfo": blas_info,
        "mkldnnAvailable": torch.backends.mkldnn.is_available(),
        "python": sys.executable,
        "totalSeconds": round(time.perf_counter() - t_start, 2),
    }
    if not args.json:
        for n in names:
            print("%-14s inversion %8.2f ms/iter   train %8.2f ms/step"
                  % (n, inv_s[n]["medianMs"], trn_s[n]["medianMs"]))
        print("gemm %d^3: %.2f GFLOP/s" % (args.gemm_n, gflops))
        if "error" in bf16:
            print("bfloat16: not measured (%s)" % bf16["error"])
        else:
            print("bfloat16 (%s): forward %.2fx, inversion %.2fx of float32's speed; gradient error %.1e"
                  " (float32 %.1e) against float64" % (best, bf16["forwardSpeedup"], bf16["inversionSpeedup"],
                                                       bf16["bfloat16"]["gradientRelError"],
                                                       bf16["float32"]["gradientRelError"]))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
