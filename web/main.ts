// The explorer page: reads the inputs (kept in the URL), runs the library in Web Workers (worker.ts), shows each
// result with its status as it arrives, and draws the figures with the CLI's Vega-Lite layer.
import { catalogue } from '../src/library.js';
import { DEFAULTS, KEYS, fromQuery, problemKey, toQuery, type Inputs } from './inputs.js';
import type { Job, Reply, StageResults } from './protocol.js';
import type { Failure, SimSeed } from './compute.js';
import * as F from './figures.js';
import { draw, drawnPlots, markStale, svgOf } from './plots.js';
import { algCell, atDeltaCells, gdCell, notes, thresholdRows, thresholdSummary } from './results.js';
import { download, resultsCsv, toJsonExport } from './exports.js';

type Results = Partial<StageResults>;

const form = document.getElementById('inputs') as HTMLFormElement;
const field = (k: string) => form.elements.namedItem(k) as HTMLInputElement;
const cellOf = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)!;
const byId = (id: string) => document.getElementById(id)!;

let inputs: Inputs = fromQuery(location.search);
let results: Results = {};
let key = '';
let onestepKey = '';
let sims: SimSeed[] = [];
const workers: Partial<Record<Job['kind'], Worker>> = {};

function fillDatalists(): void {
  const fill = (id: string, names: string[]) => (byId(id).innerHTML = names.map((n) => `<option value="${n}">`).join(''));
  fill('acts', catalogue.activations.map((e) => e.name));
  fill('losses', catalogue.losses.map((e) => e.name));
  fill('targets', catalogue.targets.map((e) => e.expr));
}

function writeForm(): void {
  for (const k of KEYS) field(k).value = inputs[k];
  const d = Number(inputs.delta);
  if (d > 0) field('logdelta').value = String(Math.log10(d));
}

function readForm(): Inputs {
  const next = { ...DEFAULTS };
  for (const k of KEYS) next[k] = field(k).value;
  return next;
}

function showError(e: Failure): void {
  const name = e.argument.replace(/^--/, '');
  const slot = document.querySelector<HTMLElement>(`.error[data-for="${KEYS.includes(name as keyof Inputs) ? name : ''}"]`)!;
  slot.textContent = e.message;
  if (KEYS.includes(name as keyof Inputs)) field(name).classList.add('invalid');
}

function clearErrors(prefix: 'hessian' | 'onestep' | 'simulate'): void {
  const mine: Record<string, string[]> = {
    hessian: ['act', 'loss', 'target', 'noise', 'width', 'readout', 'norms', 'delta', ''],
    onestep: ['otarget', 'alpha', 'c', 'ratios', 'n'],
    simulate: ['simd', 'seeds', 'seed'],
  };
  for (const k of mine[prefix]!) {
    const slot = document.querySelector<HTMLElement>(`.error[data-for="${k}"]`);
    if (slot) slot.textContent = '';
    if (k) field(k).classList.remove('invalid');
  }
}

const HESSIAN_CELLS = ['edge', 'outlier', 'overlap'];
const PROBLEM_CELLS = ['delta-star', 'delta-alg', 'delta-gd'];

function pending(ids: string[], on: boolean): void {
  for (const id of ids) cellOf(id).classList.toggle('pending', on);
}

/** Starts `job` in a fresh worker, terminating the previous worker of its kind (its results are stale). */
function start(job: Job, onReply: (r: Reply) => void): void {
  workers[job.kind]?.terminate();
  const w = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  workers[job.kind] = w;
  w.onmessage = (ev: MessageEvent<Reply>) => {
    if (workers[job.kind] !== w) return;
    onReply(ev.data);
    if (ev.data.stage === 'done') {
      w.terminate();
      delete workers[job.kind];
    }
    busy();
  };
  w.onerror = (ev) => {
    showError({ argument: '', message: `internal error in the ${job.kind} worker: ${ev.message}` });
    delete workers[job.kind];
    busy();
  };
  w.postMessage(job);
  busy();
}

function busy(): void {
  const running = Object.keys(workers).filter((k) => k !== 'simulate');
  byId('busy').textContent = running.length ? `computing (${running.join(', ')})…` : '';
  document.body.dataset['busy'] = running.length ? 'yes' : 'no';
}

function redrawSweepPlots(): void {
  const ds = results.thresholds?.delta_nn ?? null;
  if (results.sweep) {
    void draw('plot-edge', F.edgeFigure(results.sweep, ds, Number(inputs.delta), sims));
    void draw('plot-overlap', F.overlap2Figure(results.sweep, ds, results.alg?.delta_alg ?? null, sims));
  }
}

function onHessian(r: Reply): void {
  if ('error' in r) {
    showError(r.error);
    if (r.stage === 'problem') {
      for (const id of [...HESSIAN_CELLS, ...PROBLEM_CELLS]) cellOf(id).innerHTML = '<span class="none">— (see the input error)</span>';
      pending([...HESSIAN_CELLS, ...PROBLEM_CELLS], false);
    }
    return;
  }
  if (r.stage === 'done') return;
  (results as Record<string, unknown>)[r.stage] = r.result;
  switch (r.stage) {
    case 'thresholds':
      cellOf('delta-star').innerHTML = thresholdSummary(r.result);
      byId('blocks').innerHTML = thresholdRows(r.result);
      byId('notes').innerHTML = notes(r.result.notes);
      pending(['delta-star'], false);
      break;
    case 'atDelta': {
      const c = atDeltaCells(r.result);
      cellOf('edge').innerHTML = c.edge;
      cellOf('outlier').innerHTML = c.outlier;
      cellOf('overlap').innerHTML = c.overlap;
      pending(HESSIAN_CELLS, false);
      break;
    }
    case 'alg':
      cellOf('delta-alg').innerHTML = algCell(r.result);
      pending(['delta-alg'], false);
      break;
    case 'gd':
      cellOf('delta-gd').innerHTML = gdCell(r.result);
      pending(['delta-gd'], false);
      break;
    case 'hermite':
      void draw('plot-hermite', F.hermiteFigure(r.result)).then(() => markStale('plot-hermite', false));
      break;
    case 'density':
      void draw('plot-density', F.densityFigure(r.result, results.atDelta, Number(inputs.delta))).then(() => markStale('plot-density', false));
      break;
    case 'sweep':
      redrawSweepPlots();
      markStale('plot-edge', r.result.remaining > 0);
      markStale('plot-overlap', r.result.remaining > 0);
      break;
    case 'norms':
      void draw('plot-norms', F.normFigure(r.result, results.thresholds ? Number(inputs.norms.split(',')[0] || 1) : 1)).then(() => markStale('plot-norms', false));
      break;
  }
}

function onOnestep(r: Reply): void {
  if ('error' in r) {
    showError(r.error);
    cellOf('onestep').innerHTML = '<span class="none">— (see the input error)</span>';
    pending(['onestep'], false);
    return;
  }
  if (r.stage !== 'onestep') return;
  results.onestep = r.result;
  const q = r.result.requested;
  const bad = q.status.label !== 'converged' ? ` <span class="bad">not converged${q.status.message ? ': ' + q.status.message : ''}</span>` : ' <span class="ok">converged</span>';
  cellOf('onestep').innerHTML = `<span class="num${q.status.label !== 'converged' ? ' unconverged' : ''}">${q.num_spikes} spikes, ${q.overlap_beta.toPrecision(4)}</span>${bad}`;
  pending(['onestep'], false);
  const complete = r.result.remaining === 0;
  void draw('plot-spikes', F.spikeFigure(r.result)).then(() => markStale('plot-spikes', !complete));
  void draw('plot-count', F.spikeCountFigure(r.result)).then(() => markStale('plot-count', !complete));
}

/** Recomputes what the changed inputs affect. */
function compute(): void {
  clearErrors('hessian');
  const k = problemKey(inputs);
  const same = k === key && results.thresholds !== undefined;
  if (!same) {
    key = k;
    results = { ...(results.onestep ? { onestep: results.onestep } : {}) };
    sims = [];
    pending(PROBLEM_CELLS, true);
    for (const p of ['plot-norms', 'plot-hermite']) markStale(p, true);
  } else {
    delete results.atDelta;
    delete results.density;
    delete results.sweep;
  }
  pending(HESSIAN_CELLS, true);
  for (const p of ['plot-density', 'plot-edge', 'plot-overlap']) markStale(p, true);
  start({ kind: 'hessian', inputs, cached: same ? { deltaStar: results.thresholds!.delta_nn } : null }, onHessian);
  const ok = JSON.stringify([inputs.act, inputs.otarget, inputs.alpha, inputs.c, inputs.ratios, inputs.n, inputs.noise]);
  if (ok !== onestepKey) {
    onestepKey = ok;
    clearErrors('onestep');
    pending(['onestep'], true);
    for (const p of ['plot-spikes', 'plot-count']) markStale(p, true);
    start({ kind: 'onestep', inputs }, onOnestep);
  }
}

let timer: ReturnType<typeof setTimeout> | undefined;
function onInput(ev: Event): void {
  const t = ev.target as HTMLInputElement;
  if (t.name === 'logdelta') field('delta').value = String(Number((10 ** Number(t.value)).toPrecision(3)));
  inputs = readForm();
  history.replaceState(null, '', `${location.pathname}${toQuery(inputs) ? '?' + toQuery(inputs) : ''}`);
  if (t.name === 'simd' || t.name === 'seeds' || t.name === 'seed') return;
  clearTimeout(timer);
  timer = setTimeout(compute, 350);
}

function simulate(): void {
  clearErrors('simulate');
  const bar = byId('simprogress') as HTMLProgressElement;
  const status = byId('simstatus');
  const simKey = key;
  bar.hidden = false;
  bar.value = 0;
  (byId('cancel') as HTMLButtonElement).disabled = false;
  status.textContent = 'simulating…';
  const finish = (text: string) => {
    (byId('cancel') as HTMLButtonElement).disabled = true;
    bar.hidden = true;
    status.textContent = text;
  };
  start({ kind: 'simulate', inputs }, (r) => {
    if ('error' in r) {
      showError(r.error);
      finish('');
      return;
    }
    if (r.stage === 'done') {
      finish(status.textContent ?? '');
      return;
    }
    if (r.stage !== 'simSeed') return;
    if (key === simKey) sims.push(r.result);
    const [i, n] = r.progress!;
    bar.value = i / n;
    const s = r.result;
    status.textContent = `seed ${s.seed} (${i}/${n}), d = ${s.d}, n = ${s.n}: lowest eigenvalue ${s.eigenvalues[0]!.toPrecision(4)}, overlap² ${s.overlap2_hard[0]!.toPrecision(3)}, Lanczos ${s.status.label}`;
    redrawSweepPlots();
  });
}

function cancelSimulation(): void {
  workers.simulate?.terminate();
  delete workers.simulate;
  (byId('cancel') as HTMLButtonElement).disabled = true;
  (byId('simprogress') as HTMLProgressElement).hidden = true;
  byId('simstatus').textContent = 'cancelled';
}

function wire(): void {
  form.addEventListener('input', onInput);
  byId('simulate').addEventListener('click', simulate);
  byId('cancel').addEventListener('click', cancelSimulation);
  byId('copylink').addEventListener('click', () => void navigator.clipboard?.writeText(location.href));
  byId('csv').addEventListener('click', () => download('flcalc-explorer.csv', resultsCsv(results, sims), 'text/csv'));
  byId('json').addEventListener('click', () => {
    const specs = Object.fromEntries([...drawnPlots()].map(([k, d]) => [k, d.spec]));
    download('flcalc-explorer.json', toJsonExport(inputs, location.href, { ...results, simulation: sims }, specs), 'application/json');
  });
  for (const b of document.querySelectorAll<HTMLButtonElement>('button.svg'))
    b.addEventListener('click', async () => {
      const svg = await svgOf(b.dataset['plot']!);
      if (svg) download(`flcalc-${b.dataset['plot']}.svg`, svg, 'image/svg+xml');
    });
  window.addEventListener('popstate', () => {
    inputs = fromQuery(location.search);
    writeForm();
    compute();
  });
}

fillDatalists();
writeForm();
wire();
compute();
