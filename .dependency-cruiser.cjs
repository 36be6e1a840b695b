/**
 * galley's layers, checked by `npm run deps` (dependency-cruiser) in CI. From the top down:
 *
 *   the oclif layer   src/cli.ts, src/cli/, src/commands/ (and the command list built from them,
 *                     src/command-list.ts): everything that knows oclif
 *   domain modules    src/bake, bakery, config, generate, templates, validate, wizard, halyard, backup
 *   providers         src/providers/: what each cloud provider is
 *   lib               src/lib/: small helpers that know nothing of the above
 *
 * A module imports only from its own layer or the ones below it, and folders import one another
 * without cycles.
 */
const OCLIF_LAYER = '^src/(cli[.]ts$|cli/|commands/|command-list[.]ts$)'
/**
 * Known violations, to be untangled; both lists may only shrink.
 * - Folder cycles (dependency-cruiser's --ignore-known baseline does not cover folder-scope
 *   rules, so they are named here): the domain folders read the provider registry
 *   (src/providers/index.ts) while the provider descriptions use domain primitives (validate's
 *   Rule and helpers, config's Plain, bake's Java semantics and package names, bakery's formats).
 *   Untangling means moving those primitives below src/providers/.
 * - The provider modules' imports of those primitives (rule providers-import-only-lib) are in
 *   .dependency-cruiser-known-violations.json (`npm run deps` passes --ignore-known); regenerate it
 *   with `npx depcruise-baseline src --config .dependency-cruiser.cjs` only to remove entries.
 */
const KNOWN_FOLDER_CYCLES = '^src/(bake|bakery|config|providers|templates|validate|validate/rules)$'

module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment: 'Folders of src/ import one another without cycles: a folder that needs another one\'s module sits above it.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/', pathNot: KNOWN_FOLDER_CYCLES },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'known-folder-cycles',
      comment: 'Cycles among these folders are known and listed as warnings until they are untangled (see KNOWN_FOLDER_CYCLES).',
      severity: 'warn',
      scope: 'folder',
      from: { path: KNOWN_FOLDER_CYCLES },
      to: { circular: true },
    },
    {
      name: 'no-module-cycles',
      comment: 'No module imports itself through others.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'oclif-only-in-the-oclif-layer',
      comment: 'Only src/cli/ and src/commands/ know oclif: the modules below them work without it (and load faster).',
      severity: 'error',
      from: { path: '^src/', pathNot: OCLIF_LAYER },
      to: { path: '(^|/)node_modules/@oclif/|^@oclif/' },
    },
    {
      name: 'nothing-below-imports-the-oclif-layer',
      comment: 'Domain modules, providers and lib never import from src/cli/ or src/commands/.',
      severity: 'error',
      from: { path: '^src/', pathNot: OCLIF_LAYER },
      to: { path: OCLIF_LAYER },
    },
    {
      name: 'providers-import-only-lib',
      comment: 'A provider description (src/providers/) uses lib, the generated schema validators and other providers only.',
      severity: 'error',
      from: { path: '^src/providers/' },
      to: { path: '^src/', pathNot: '^src/(providers|lib|generated)/' },
    },
    {
      name: 'lib-imports-nothing-above-it',
      comment: 'src/lib/ is the bottom layer: it imports only lib.',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: '^src/', pathNot: '^src/lib/' },
    },
    {
      name: 'no-unresolvable',
      comment: 'Every import resolves (a typo in a path is found here, before the build).',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '[.]d[.]ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
    combinedDependencies: false,
  },
}
