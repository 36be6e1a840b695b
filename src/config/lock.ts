import { randomHex } from '../lib/random.js'
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { failed, ioError, usage } from '../lib/errors.js'
import { ensureStateDir, processExists, tempNameFor } from '../lib/fs-safe.js'
import { dirname } from 'node:path'

export { processExists }

/**
 * An exclusive lock on a hal directory: a file created atomically (link of a complete temp
 * file, so it is never seen half-written) that names its owner. A lock whose owner process
 * is gone is taken over; a live owner is waited for until the timeout.
 * The temp files (`.lock.tmp-PID-HEX`, 0600) carry their process's pid, so that those of a
 * killed process are removed by the next write command (see recoverHalDir).
 */
interface Owner {
  pid: number
  host: string
  /** The owner's start time from /proc, so that a reused pid is not mistaken for the owner. */
  started: string | null
  token: string
  since: string
}

export interface Lock {
  release(): void
}

const DEFAULT_TIMEOUT_MS = 10_000

/** The longest wait HAL_LOCK_TIMEOUT may ask for: a day. */
const MAX_TIMEOUT_SECONDS = 86_400

/** `HAL_LOCK_TIMEOUT`: seconds to wait for another hal's lock (unset or empty: 10). Anything else is refused (exit 2). */
export function lockTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.HAL_LOCK_TIMEOUT
  if (given === undefined || given.trim() === '') return DEFAULT_TIMEOUT_MS
  const seconds = /^\s*\d+(\.\d+)?\s*$/.test(given) ? Number(given) : NaN
  if (!(seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS)) {
    throw usage(`HAL_LOCK_TIMEOUT=${JSON.stringify(given)} is not a number of seconds between 0 and ${MAX_TIMEOUT_SECONDS}`, {
      code: 'BAD_ENVIRONMENT',
      remediation: `Unset it to wait ${DEFAULT_TIMEOUT_MS / 1000} s, or give seconds, e.g. HAL_LOCK_TIMEOUT=30 or HAL_LOCK_TIMEOUT=0.5.`,
      data: { variable: 'HAL_LOCK_TIMEOUT', given },
    })
  }
  return seconds * 1000
}

function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Field 22 (starttime) counted after the command name, which may hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null
  } catch {
    return null
  }
}

function isAlive(owner: Owner): boolean {
  if (owner.host !== hostname()) return true // cannot tell: assume it is
  if (!processExists(owner.pid)) return false
  const started = processStart(owner.pid)
  return owner.started === null || started === null || started === owner.started
}

function readOwner(path: string): Owner | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Owner
  } catch {
    return undefined
  }
}

export async function acquireLock(path: string, what: string, timeoutMs = lockTimeoutMs()): Promise<Lock> {
  ensureStateDir(dirname(path))
  const me: Owner = {
    pid: process.pid,
    host: hostname(),
    started: processStart(process.pid),
    token: randomHex(16),
    since: new Date().toISOString(),
  }
  const temp = tempNameFor(path)
  try {
    writeFileSync(temp, JSON.stringify(me), { mode: 0o600, flag: 'wx' })
  } catch (error) {
    throw ioError(error, temp, 'create the lock file')
  }
  const deadline = Date.now() + timeoutMs
  let owner: Owner | undefined
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(temp, path)
        break
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw ioError(error, path, 'create the lock file')
      }
      owner = readOwner(path)
      if (owner && !isAlive(owner)) {
        takeOver(path, owner)
        continue
      }
      if (Date.now() >= deadline) {
        const who = owner ? `hal (pid ${owner.pid} on ${owner.host}, since ${owner.since})` : 'another hal command'
        throw failed(`timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${who} to finish changing ${what}`, {
          code: 'LOCK_TIMEOUT',
          remediation: `Run the command again when the other one has finished. If no hal command is running, remove ${path}.`,
          data: { lock: path, owner },
        })
      }
      await sleep(Math.min(200, 10 + attempt * 5) + Math.random() * 10)
    }
  } finally {
    try {
      unlinkSync(temp)
    } catch {
      // already gone
    }
  }
  let released = false
  return {
    release() {
      if (released) return
      released = true
      if (readOwner(path)?.token === me.token) {
        try {
          unlinkSync(path)
        } catch {
          // already gone
        }
      }
    },
  }
}

/** Removes a dead owner's lock without ever removing a live one that replaced it meanwhile. */
function takeOver(path: string, dead: Owner): void {
  const aside = tempNameFor(path)
  try {
    renameSync(path, aside)
  } catch {
    return // someone else took it over first
  }
  const moved = readOwner(aside)
  if (moved?.token !== dead.token) {
    // We moved a lock that a live process had just taken: put it back.
    try {
      linkSync(aside, path)
    } catch {
      // the path is taken again; its holder goes on
    }
  }
  try {
    unlinkSync(aside)
  } catch {
    // already gone
  }
}
