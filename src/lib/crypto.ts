import type * as NodeCrypto from 'node:crypto'

let loaded: typeof NodeCrypto | undefined

/**
 * node:crypto, loaded on first use. Loading it costs about 7 ms of a cold start (Node 20 compiles
 * it then), which read-only commands such as `hal config` never need: only writes (temp names,
 * lock tokens, undo hashes), coloured output, bake runs and Oracle's test keys do.
 */
export function crypto(): typeof NodeCrypto {
  return (loaded ??= process.getBuiltinModule('node:crypto'))
}
