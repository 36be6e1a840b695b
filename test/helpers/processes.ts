import { readdirSync, readFileSync } from 'node:fs'

/**
 * Living processes whose environment holds NAME=VALUE. An environment variable is inherited by
 * every descendant, whatever it runs and wherever it moves (another process group, another
 * session), where a marker in argv is not: this is how orphan checks find what a program left.
 * Zombies (killed, not yet reaped) have an empty environment and do not count.
 */
export function carrying(name: string, value: string): Array<{ pid: number; cmdline: string }> {
  const needle = Buffer.from(`\0${name}=${value}\0`)
  const found: Array<{ pid: number; cmdline: string }> = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    try {
      const environ = readFileSync(`/proc/${entry}/environ`)
      if (!Buffer.concat([Buffer.from([0]), environ, Buffer.from([0])]).includes(needle)) continue
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim()
      found.push({ pid: Number(entry), cmdline })
    } catch {
      // gone, or not ours
    }
  }
  return found
}

/** Whether a process still runs (a zombie does not). */
export function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return !/^\d+ \(.*\) Z /s.test(stat)
  } catch {
    return false
  }
}
