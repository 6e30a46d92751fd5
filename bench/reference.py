# Python reference for bench/kernels.bench.ts (numpy/scipy on the same machine, in the same run).
# Protocol: reads one kernel name per line on stdin, runs that kernel once (its data are built on first use and
# kept), and answers one JSON line {"kernel", "seconds", ...}; so the benchmark can alternate single repetitions
# of the TypeScript and the Python kernel, which keeps the ratios meaningful when the machine's load changes.
# Kernels (the same problems as the TypeScript side):
#   normals  16,000,000 standard normals (numpy Generator.standard_normal, ziggurat)
#   gd_step  u = X @ w, r = (tanh(u) − y) tanh'(u) / n, X.T @ r at d = 1000, n = 16000 (one full-batch gradient of a
#            one-neuron tanh network with square loss)
#   lanczos  top eigenpair of (1/n) Σ T_i x_i x_iᵀ, d = 2000, n = 8000, T = min(z², 3) − 1, eigsh tol 1e-8
import json, sys, time
import numpy as np

rng = np.random.default_rng(1)
data = {}

def normals():
    if 'out' not in data: data['out'] = np.empty(16_000_000)
    rng.standard_normal(out=data['out'])
    return {}

def gd_step():
    if 'gd' not in data:
        d, n = 1000, 16000
        X = rng.standard_normal((n, d)); w = np.full(d, 1 / np.sqrt(d)); y = np.tanh(X[:, 0] ** 2)
        data['gd'] = (X, w, y, n)
    X, w, y, n = data['gd']
    u = X @ w
    t = np.tanh(u)
    r = (t - y) * (1 - t * t) / n
    X.T @ r
    return {}

def lanczos():
    from scipy.sparse.linalg import LinearOperator, eigsh
    if 'lz' not in data:
        d, n = 2000, 8000
        X = rng.standard_normal((n, d)); z = X[:, 0]; T = np.minimum(z * z, 3) - 1
        count = [0]
        def mv(v):
            count[0] += 1
            v = np.ravel(v)
            return X.T @ (T * (X @ v)) / n
        data['lz'] = (LinearOperator((d, d), matvec=mv, dtype=np.float64), np.ones(d) / np.sqrt(d), count)
    op, v0, count = data['lz']
    count[0] = 0
    vals, _ = eigsh(op, k=1, which='LA', tol=1e-8, v0=v0)
    return {'value': float(vals[0]), 'matvecs': count[0]}

KERNELS = {'normals': normals, 'gd_step': gd_step, 'lanczos': lanczos}
print(json.dumps({'ready': True, 'numpy': np.__version__}), flush=True)
for line in sys.stdin:
    name = line.strip()
    if not name: continue
    f = KERNELS[name]
    if name == 'lanczos' and 'lz' not in data or name == 'gd_step' and 'gd' not in data: f()  # build the data, warm up
    t0 = time.perf_counter(); extra = f(); sec = time.perf_counter() - t0
    print(json.dumps({'kernel': name, 'seconds': sec, **extra}), flush=True)
