// The explorer's inputs: every field is the text typed in the page, under the CLI's flag names, so that the
// library's UsageError names the same argument (--act, --target, …) as `flcalc nn` / `flcalc onestep` would.
// The whole state lives in the URL query (shareable link).

export interface Inputs {
  act: string;
  loss: string;
  target: string;
  noise: string;
  width: string;
  readout: string;
  norms: string;
  delta: string;
  /** One-step view: its single-index target (needs a linear component), α, c, "d/n,N/n", n. */
  otarget: string;
  alpha: string;
  c: string;
  ratios: string;
  n: string;
  /** Finite-d check: dimension, number of seeds, first seed. */
  simd: string;
  seeds: string;
  seed: string;
}

export const DEFAULTS: Inputs = {
  act: 'gelu',
  loss: 'square',
  target: 'tanh(z^2)',
  noise: '0',
  width: '1',
  readout: '',
  norms: '',
  delta: '8',
  otarget: 'z + z^2/2',
  alpha: '0.3',
  c: '1',
  ratios: '1,1',
  n: '1000',
  simd: '300',
  seeds: '3',
  seed: '1',
};

export const KEYS = Object.keys(DEFAULTS) as (keyof Inputs)[];

/** Query string holding every input that differs from its default. */
export function toQuery(inp: Inputs): string {
  const q = new URLSearchParams();
  for (const k of KEYS) if (inp[k] !== DEFAULTS[k]) q.set(k, inp[k]);
  return q.toString();
}

/** Inputs from a query string (unknown keys ignored, missing keys at their defaults). */
export function fromQuery(query: string): Inputs {
  const q = new URLSearchParams(query);
  const inp = { ...DEFAULTS };
  for (const k of KEYS) {
    const v = q.get(k);
    if (v !== null) inp[k] = v;
  }
  return inp;
}

/** The fields that describe the network problem (everything the δ-independent results depend on). */
export function problemKey(inp: Inputs): string {
  return JSON.stringify([inp.act, inp.loss, inp.target, inp.noise, inp.width, inp.readout, inp.norms]);
}
