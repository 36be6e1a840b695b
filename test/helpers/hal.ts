import { execa, type Options } from 'execa'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach } from 'vitest'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BIN = join(ROOT, 'bin', 'run.js')
export const SHARED = join(ROOT, '..', 'shared')

export interface HalResult {
  stdout: string
  stderr: string
  exitCode: number
  json: () => any
}

/** Runs the real `bin/run.js`, as a user would, with HAL_DIR pointing at `halDir`. */
export async function hal(args: string[], options: { halDir?: string; env?: Record<string, string>; input?: string; cwd?: string; timeout?: number } = {}): Promise<HalResult> {
  const env: Record<string, string> = { NO_COLOR: '1', ...(options.halDir ? { HAL_DIR: options.halDir } : {}), ...options.env }
  const execaOptions: Options = { reject: false, env, extendEnv: true, cwd: options.cwd ?? ROOT, timeout: options.timeout ?? 30_000, input: options.input ?? '', stripFinalNewline: false }
  const result = await execa('node', [BIN, ...args], execaOptions)
  const stdout = String(result.stdout)
  return { stdout, stderr: String(result.stderr), exitCode: result.exitCode ?? -1, json: () => JSON.parse(stdout) }
}

const cleanups: string[] = []
afterEach(() => {
  while (cleanups.length > 0) rmSync(cleanups.pop()!, { recursive: true, force: true })
})

/** A fresh temporary directory, removed after the test. */
export function tempDir(prefix = 'galley-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  cleanups.push(dir)
  return dir
}

/** A hal directory (not yet created) inside a fresh temporary directory. */
export function tempHalDir(config?: string): string {
  const halDir = join(tempDir(), '.hal')
  if (config !== undefined) writeFile(join(halDir, 'config'), config)
  return halDir
}

export function writeFile(path: string, content: string, mode?: number): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, content, mode === undefined ? undefined : { mode })
}

export const read = (path: string) => readFileSync(path, 'utf8')
export const mtimeMs = (path: string) => statSync(path).mtimeMs
export const fixture = (name: string) => read(join(ROOT, 'test', 'fixtures', name))

/** Compares with a golden file in test/fixtures; UPDATE_GOLDEN=1 rewrites it instead (review the diff). */
export function matchGolden(actual: string, name: string): void {
  const path = join(ROOT, 'test', 'fixtures', name)
  if (process.env.UPDATE_GOLDEN) {
    writeFile(path, actual)
    return
  }
  if (actual !== read(path)) throw new Error(`${name} differs from the golden file:\n--- expected\n${read(path)}\n--- actual\n${actual}`)
}
