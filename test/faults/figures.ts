import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Collects the figures each fault test records and prints them as one table at the end. */
export default function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'galley-figures-'))
  process.env.GALLEY_FIGURES = join(dir, 'figures.jsonl')
  return () => {
    let lines: string[] = []
    try {
      lines = readFileSync(process.env.GALLEY_FIGURES!, 'utf8').trim().split('\n').filter(Boolean)
    } catch {
      // no figures recorded
    }
    rmSync(dir, { recursive: true, force: true })
    const rows = lines.map((line) => JSON.parse(line) as { what: string; tried: string; result: string; tried_n: number; result_n: number })
    if (rows.length === 0) return
    const w1 = Math.max(...rows.map((r) => r.what.length), 8)
    const w2 = Math.max(...rows.map((r) => `${r.tried_n} ${r.tried}`.length), 5)
    console.log('\nSafety figures')
    console.log(`${'scenario'.padEnd(w1)}  ${'tried'.padEnd(w2)}  result`)
    for (const r of rows) console.log(`${r.what.padEnd(w1)}  ${`${r.tried_n} ${r.tried}`.padEnd(w2)}  ${r.result_n} ${r.result}`)
  }
}
