# PyTorch peer for the rill benchmarks: a line-oriented server on stdin/stdout, started by
# bench/torch_peer.cc with /usr/bin/python3 and OMP_WAIT_POLICY=PASSIVE. Each request runs one
# timed repetition and answers the seconds per call it measured itself (IPC is not timed):
#   conv PASS N IH IW IC FH FW OC THREADS ITERS   PASS in fwd, bwd_input, bwd_filter (NCHW, VALID)
#   mm M N K TA TB THREADS ITERS                 C[M,N] = op(A) op(B), TA/TB 0 or 1 (row-major
#                                                storage as runtime/gemm.h: A^T is stored K x M)
#   train MODEL BATCH THREADS STEPS              MODEL in mlp, seed_cnn (Adam, lr 1e-3)
#   quit
# Replies `OK <seconds>` or `ERR <message>`. The first line printed is `READY <torch version>`.
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except Exception as e:  # pylint: disable=broad-except
    print("ERR cannot import torch: %s" % e, flush=True)
    sys.exit(0)

_cases = {}


def conv_case(pass_, n, ih, iw, ic, fh, fw, oc):
    key = ("conv", pass_, n, ih, iw, ic, fh, fw, oc)
    if key in _cases:
        return _cases[key]
    g = torch.Generator().manual_seed(1)
    x = torch.rand(n, ic, ih, iw, generator=g)
    w = torch.rand(oc, ic, fh, fw, generator=g) - 0.5
    b = torch.rand(oc, generator=g)
    gy = torch.rand(n, oc, ih - fh + 1, iw - fw + 1, generator=g) - 0.5
    # aten::convolution_backward is what autograd runs for Conv2d's backward.
    bwd = torch.ops.aten.convolution_backward
    if pass_ == "fwd":
        fn = lambda: F.conv2d(x, w, b)
    elif pass_ == "bwd_input":
        fn = lambda: bwd(gy, x, w, None, [1, 1], [0, 0], [1, 1], False, [0, 0], 1,
                         [True, False, False])
    elif pass_ == "bwd_filter":
        fn = lambda: bwd(gy, x, w, None, [1, 1], [0, 0], [1, 1], False, [0, 0], 1,
                         [False, True, False])
    else:
        raise ValueError("unknown conv pass " + pass_)
    _cases[key] = fn
    return fn


def mm_case(m, n, k, ta, tb):
    key = ("mm", m, n, k, ta, tb)
    if key in _cases:
        return _cases[key]
    g = torch.Generator().manual_seed(1)
    a = torch.rand(k, m, generator=g).t() if ta else torch.rand(m, k, generator=g)
    b = torch.rand(n, k, generator=g).t() if tb else torch.rand(k, n, generator=g)
    c = torch.empty(m, n)
    fn = lambda: torch.mm(a, b, out=c)
    _cases[key] = fn
    return fn


def model(name):
    if name == "mlp":
        return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)), (784,)
    if name == "seed_cnn":
        return nn.Sequential(
            nn.Conv2d(1, 20, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(20, 40, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
            nn.Linear(640, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(),
            nn.Linear(256, 10)), (1, 28, 28)
    raise ValueError("unknown model " + name)


def train_case(name, batch):
    key = ("train", name, batch)
    if key in _cases:
        return _cases[key]
    torch.manual_seed(1)
    net, shape = model(name)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.rand(batch, *shape)
    labels = F.one_hot(torch.randint(0, 10, (batch,)), 10).float()

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(net(x), labels)
        loss.backward()
        opt.step()
    _cases[key] = step
    return step


def timed(fn, threads, iters):
    torch.set_num_threads(threads)
    fn()  # first call of a new shape/thread count allocates; keep it out of the timing
    t0 = time.perf_counter()
    for _ in range(iters):
        fn()
    return (time.perf_counter() - t0) / iters


def handle(words):
    if words[0] == "conv":
        pass_ = words[1]
        n, ih, iw, ic, fh, fw, oc, threads, iters = map(int, words[2:11])
        return timed(conv_case(pass_, n, ih, iw, ic, fh, fw, oc), threads, iters)
    if words[0] == "mm":
        m, n, k, ta, tb, threads, iters = map(int, words[1:8])
        return timed(mm_case(m, n, k, ta, tb), threads, iters)
    if words[0] == "train":
        batch, threads, steps = map(int, words[2:5])
        return timed(train_case(words[1], batch), threads, steps)
    raise ValueError("unknown request " + words[0])


def main():
    print("READY %s" % torch.__version__, flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        try:
            print("OK %.9f" % handle(words), flush=True)
        except Exception as e:  # pylint: disable=broad-except
            print("ERR %s" % str(e).replace("\n", " "), flush=True)


main()
