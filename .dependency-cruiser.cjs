/**
 * galley's layers, checked by `npm run deps` (dependency-cruiser) in CI (scripts/test.sh). From the top down:
 *
 *   1. oclif layer  src/cli.ts, src/cli/, src/commands/, src/command-list.ts (generated): everything that knows oclif
 *   2. domain       every other folder of src/ (bake, bakery, backup, config, generate, halyard, problems,
 *                   templates, validate, validate/rules, wizard...): what galley does; reads the provider registry
 *   3. providers    src/providers/: what each cloud provider is (descriptions, their rules, formats, shapes)
 *   4. model        src/model/: the primitives providers and domain share (Plain, ValuePath, Problem, Rule,
 *                   format checks, the Provider and BakeRequest types, Java semantics, package names)
 *   5. lib          src/lib/: small helpers that know nothing of the above
 *
 * A module imports only from its own layer or the ones below it; folders import one another
 * without cycles, so the domain folders form a DAG. Imports of types only make no module cycle,
 * but they do count for folder cycles: dependency-cruiser has no dependency types at folder scope.
 * Cycles were untangled by moving modules, not by injecting callbacks: the shared primitives went down to
 * model; bake's --file input (bake/file-input.ts) left templates/manifest-files.ts, since it is bake's
 * input; the template check (validate/template-check.ts) went up to validate, since it builds validate's report.
 */
const OCLIF_LAYER = '^src/(cli[.]ts$|cli/|commands/|command-list[.]ts$)'

module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment: 'Folders of src/ import one another without cycles: a folder that needs another one\'s module sits above it.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      // No viaOnly type-only exception here: a folder cycle's steps carry no dependency types (17.4.3), so it would never apply.
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
      comment: 'Domain modules, providers, model and lib never import from src/cli/, src/commands/ or the command list.',
      severity: 'error',
      from: { path: '^src/', pathNot: OCLIF_LAYER },
      to: { path: OCLIF_LAYER },
    },
    {
      name: 'providers-import-only-providers-model-lib-and-generated',
      comment: 'Providers import only providers, model, lib and generated (the compiled schema validators): never the domain modules that read them.',
      severity: 'error',
      from: { path: '^src/providers/' },
      to: { path: '^src/', pathNot: '^src/(providers|model|lib|generated)/' },
    },
    {
      name: 'model-imports-only-model-and-lib',
      comment: 'src/model/ holds pure primitives: it imports only model and lib (no provider, no domain module, no package; I/O goes through lib).',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { pathNot: '^src/(model|lib)/' },
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
