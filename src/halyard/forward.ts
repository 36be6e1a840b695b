/**
 * Handing a Halyard command to the real Halyard: the first `hal` on PATH that is not galley
 * (or $GALLEY_HALYARD), run with the same arguments, its exit status passed back.
 */
import { createRequire } from 'node:module'
import { accessSync, constants, readFileSync, realpathSync, statSync } from 'node:fs'
import { constants as os } from 'node:os'
import { delimiter, dirname, isAbsolute, join } from 'node:path'

/** Set in the environment of the Halyard galley starts: a galley started by it never hands on again. */
export const FORWARDED = 'GALLEY_FORWARDED'

const real = (path: string) => {
  try {
    return realpathSync(path)
  } catch {
    return undefined
  }
}

/** Whether this program is a galley: our own bin/run.js, or any galley package's. */
function isGalley(program: string, self: string): boolean {
  const resolved = real(program)
  if (!resolved || resolved === real(self)) return true
  try {
    return JSON.parse(readFileSync(join(dirname(resolved), '..', 'package.json'), 'utf8')).name === 'galley'
  } catch {
    return false
  }
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/**
 * The real Halyard's `hal`, or undefined. $GALLEY_HALYARD names it (empty: never hand on);
 * else PATH is searched, absolute entries only (a `hal` in the current directory is not trusted).
 */
export function findHalyard(self: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env[FORWARDED]) return undefined
  const named = env.GALLEY_HALYARD
  if (named !== undefined) return named !== '' && isAbsolute(named) && isExecutableFile(named) && !isGalley(named, self) ? named : undefined
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!isAbsolute(dir)) continue
    const candidate = join(dir, 'hal')
    if (isExecutableFile(candidate) && !isGalley(candidate, self)) return candidate
  }
  return undefined
}

/** Runs Halyard with `argv` on this terminal; resolves to the exit status to leave with. */
export function runHalyard(program: string, argv: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    // Loaded here, not at start-up: node:child_process brings net, dgram and more, which every other command would pay for.
    const { spawn } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process')
    const child = spawn(program, argv, { stdio: 'inherit', env: { ...process.env, [FORWARDED]: '1' } })
    // Ctrl-C reaches Halyard from the terminal itself; a signal sent to galley alone is passed on.
    const ignore = () => {}
    const pass = (signal: NodeJS.Signals) => () => child.kill(signal)
    const handlers: [NodeJS.Signals, () => void][] = [['SIGINT', ignore], ['SIGQUIT', ignore], ['SIGTERM', pass('SIGTERM')], ['SIGHUP', pass('SIGHUP')]]
    for (const [signal, handler] of handlers) process.on(signal, handler)
    child.on('error', (error) => {
      process.stderr.write(`Error: cannot run Halyard at ${program}: ${error.message}\n`)
      resolve(3)
    })
    child.on('exit', (code, signal) => {
      for (const [name, handler] of handlers) process.off(name, handler)
      resolve(code ?? 128 + (signal ? os.signals[signal] ?? 0 : 0))
    })
  })
}
