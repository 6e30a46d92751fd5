// Layering of src/: each layer imports only itself and the layers below it, and no module takes part in an
// import circle. Checked by `npm test` (npx depcruise src).
//   core → numerics → model → theory → simulate → compare → present
const LAYERS = ['core', 'numerics', 'model', 'theory', 'simulate', 'compare', 'present'];

const upward = LAYERS.map((layer, i) => ({
  name: `layer-${layer}`,
  comment: `src/${layer} may import only ${LAYERS.slice(0, i + 1).join(', ')}`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${LAYERS.slice(i + 1).join('|') || 'NONE'})/` },
}));

module.exports = {
  forbidden: [
    ...upward.filter((r) => !r.to.path.includes('NONE')),
    {
      name: 'no-circular',
      comment: 'no import circles, between layers or inside one',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'src-not-to-tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
