# Python reference for bench/kernels.bench.ts (numpy/scipy on the same machine, in the same run).
# Usage: python3 bench/reference.py KERNEL REPS  → one JSON line {"kernel", "seconds" (median), ...}.
# Kernels (the same problems as the TypeScript side):
#   normals  16,000,000 standard normals (numpy Generator.standard_normal, ziggurat)
#   gd_step  X @ w and X.T @ r at d = 1000, n = 16000 (one full-batch gradient step of a one-neuron network)
#   lanczos  top eigenpair of (1/n) Σ T_i x_i x_iᵀ, d = 2000, n = 8000, T = min(z², 3) − 1, eigsh tol 1e-8
import json, sys, time
import numpy as np

kernel, reps = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(1)
extra = {}

def median_time(f):
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter(); f(); ts.append(time.perf_counter() - t0)
    ts.sort()
    return ts[len(ts) // 2]

if kernel == 'normals':
    out = np.empty(16_000_000)
    sec = median_time(lambda: rng.standard_normal(out=out))
elif kernel == 'gd_step':
    d, n = 1000, 16000
    X = rng.standard_normal((n, d)); w = rng.standard_normal(d) / np.sqrt(d); y = np.tanh(X[:, 0] ** 2)
    def step():
        u = X @ w
        r = (np.tanh(u) - y) * (1 - np.tanh(u) ** 2) / n  # a smooth σ and the square loss
        return X.T @ r
    sec = median_time(step)
elif kernel == 'lanczos':
    from scipy.sparse.linalg import LinearOperator, eigsh
    d, n = 2000, 8000
    X = rng.standard_normal((n, d)); z = X[:, 0]; T = np.minimum(z * z, 3) - 1
    count = [0]
    def mv(v):
        count[0] += 1
        v = np.ravel(v)
        return X.T @ (T * (X @ v)) / n
    op = LinearOperator((d, d), matvec=mv, dtype=np.float64)
    v0 = np.ones(d) / np.sqrt(d)
    res = {}
    def solve():
        count[0] = 0
        vals, _ = eigsh(op, k=1, which='LA', tol=1e-8, v0=v0)
        res['value'] = float(vals[0]); res['matvecs'] = count[0]
    sec = median_time(solve)
    extra = res
else:
    raise SystemExit(f'unknown kernel {kernel}')
print(json.dumps({'kernel': kernel, 'seconds': sec, 'numpy': np.__version__, **extra}))
