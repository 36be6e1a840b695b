import type * as NodeCrypto from 'node:crypto'

let loaded: typeof NodeCrypto | undefined

/**
 * node:crypto, loaded on first use. Loading it costs about 5 to 7 ms of a cold start (Node 20
 * compiles it then), which neither reads nor writes pay: only bake runs, Oracle's test keys and an
 * undo entry of an earlier version (a SHA-256) need it. Names and tokens come from random.ts.
 */
export function crypto(): typeof NodeCrypto {
  return (loaded ??= process.getBuiltinModule('node:crypto'))
}
