import { homedir } from 'node:os'
import { isAbsolute, resolve } from 'node:path'
import { isSecretReference } from '../model/secrets.js'
import { usage } from '../lib/errors.js'
import { addSecretValues, MIN_TYPED_SECRET_LENGTH } from '../lib/redact.js'

/**
 * How Halyard users type flag values, read the way Halyard's command line (JCommander) reads
 * them: list flags that take every value up to the next flag, secret flags that take none, and
 * file paths relative to the current directory.
 */

const LONG_FLAG = /^--([A-Za-z0-9][A-Za-z0-9-]*)(?:=([\s\S]*))?$/

/**
 * Halyard's list flags have variable arity: `--image-projects a b c` takes every token up to the
 * next one starting with "-" (halyard-cli GoogleAddAccountCommand.java:57, `variableArity = true`).
 * Rewritten as `--image-projects=a --image-projects=b ...` for oclif. As in Halyard, a positional
 * argument after the list is taken into it; `--` ends the list (and the flags), so
 * `--image-projects a b -- NAME` works, as does putting NAME first. `--flag=a` takes only `a`.
 */
export function expandVariableArity(argv: readonly string[], lists: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--') {
      out.push(...argv.slice(i))
      break
    }
    const match = LONG_FLAG.exec(arg)
    if (!match || !lists.includes(match[1]) || match[2] !== undefined) {
      out.push(arg)
      continue
    }
    const values: string[] = []
    while (i + 1 < argv.length && !argv[i + 1].startsWith('-')) values.push(argv[++i])
    // No value at all: left to oclif, which says the flag expects one.
    if (values.length === 0) out.push(arg)
    for (const value of values) out.push(`--${match[1]}=${value}`)
  }
  return out
}

/**
 * A list flag's values: every occurrence, each split at commas (`--regions a,b --regions c`), each
 * entry trimmed. `--regions ""` alone is the documented empty list (it removes the list); a
 * blank entry anywhere else (`" "`, `a,,b`, `a,`, `--add-region ""`) is a usage error (exit 2),
 * never a silent removal or a dropped entry. `emptyAllowed` is false for the one-entry flags.
 */
export function listValues(given: unknown, flag: string, emptyAllowed = true): string[] | undefined {
  if (given === undefined) return undefined
  const all = (Array.isArray(given) ? given : [given]).map(String)
  if (emptyAllowed && all.length === 1 && all[0] === '') return []
  const entries = all.flatMap((value) => value.split(',')).map((s) => s.trim())
  const blank = all.find((value) => value.split(',').some((s) => s.trim() === ''))
  if (blank !== undefined) {
    throw usage(`--${flag} ${JSON.stringify(blank)} has ${blank.trim() === '' ? 'a blank value' : 'a blank entry'}: nothing was written`, {
      code: 'BLANK_LIST_ENTRY',
      remediation: emptyAllowed
        ? `Give each entry a value (--${flag} a,b or --${flag} a b); --${flag} "" alone removes the list.`
        : `Give the entry's value: --${flag} VALUE.`,
      data: { flag, value: blank },
    })
  }
  return entries
}

export interface SecretFlags {
  argv: string[]
  /** Secret flags given without a value: their values are to be asked for. */
  ask: string[]
  /** Secret flags given as `--flag=VALUE`. */
  inline: string[]
}

/**
 * Secret flags take no value after a space (Halyard: `password = true`, OracleAddAccountCommand.java:51-55;
 * JCommander then reads the value from the console). `--private-key-passphrase` alone is taken
 * out of argv, to be asked for; `--private-key-passphrase=VALUE` stays (it works, with a warning).
 * `names` maps every spelling of a secret flag to its name.
 */
export function takeSecretFlags(argv: readonly string[], names: ReadonlyMap<string, string>): SecretFlags {
  const out: string[] = []
  const ask: string[] = []
  const inline: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--') {
      out.push(...argv.slice(i))
      break
    }
    const match = LONG_FLAG.exec(arg)
    const name = match ? names.get(match[1]) : undefined
    if (!name) {
      out.push(arg)
      continue
    }
    if (match![2] === undefined) {
      if (!ask.includes(name)) ask.push(name)
      continue
    }
    if (!inline.includes(name)) inline.push(name)
    out.push(arg)
  }
  return { argv: out, ask, inline }
}

/** Bytes read from stdin past the line a secret took (the next secret's line). */
let buffered = ''
let stdinEnded = false

/** One line of stdin, without its line ending; undefined when stdin is empty. */
export function readStdinLine(stdin: NodeJS.ReadStream = process.stdin): Promise<string | undefined> {
  return new Promise((resolvePromise, reject) => {
    const take = (): boolean => {
      const newline = buffered.indexOf('\n')
      if (newline === -1 && !stdinEnded) return false
      const line = newline === -1 ? buffered : buffered.slice(0, newline)
      buffered = newline === -1 ? '' : buffered.slice(newline + 1)
      cleanup()
      resolvePromise(newline === -1 && line === '' ? undefined : line.replace(/\r$/, ''))
      return true
    }
    const onData = (chunk: string) => {
      buffered += chunk
      take()
    }
    const onEnd = () => {
      stdinEnded = true
      take()
    }
    const onError = (error: Error) => {
      cleanup()
      reject(error)
    }
    const cleanup = () => {
      stdin.off('data', onData)
      stdin.off('end', onEnd)
      stdin.off('error', onError)
      stdin.pause()
    }
    if (take()) return
    stdin.setEncoding('utf8')
    stdin.on('data', onData)
    stdin.on('end', onEnd)
    stdin.on('error', onError)
    stdin.resume()
  })
}

/**
 * A secret flag's value: asked for without echo on a terminal, else one line of stdin. The value
 * is known to the output guard from then on, so that nothing prints it.
 */
export async function readSecret(flag: string, label: string): Promise<string> {
  let value: string | undefined
  if (process.stdin.isTTY) {
    const { cancellable, loadPrompts, promptContext } = await import('../wizard/prompts.js')
    value = await cancellable(async () => {
      const { password } = await loadPrompts()
      return password({ message: `${label} (not shown as you type; Enter alone for none)`, mask: false }, promptContext())
    })
  } else {
    if (process.stderr.isTTY) process.stderr.write(`Reading --${flag} from stdin (one line)...\n`)
    value = await readStdinLine()
    if (value === undefined) {
      throw usage(`--${flag} was given without a value, and stdin is empty`, {
        code: 'SECRET_NOT_GIVEN',
        remediation: `On a terminal it is asked for. Otherwise give it as one line on stdin, e.g. from a file: hal ... --${flag} < FILE. An empty line means none.`,
        data: { flag },
      })
    }
  }
  addSecretValues([value], MIN_TYPED_SECRET_LENGTH)
  return value
}

/**
 * A local file path as Halyard's LocalFileConverter stores it (halyard-cli .../converter/LocalFileConverter.java:34-48):
 * secret references (`encrypted:`, `encryptedFile:`) and `configserver:` resources as given, any
 * other path made absolute against the current directory. `~/` is the home directory, as a shell
 * would have it. '' (remove the setting) and `${VAR}` placeholders stay as they are.
 */
export function localPath(value: string, cwd = process.cwd()): string {
  if (value === '' || isSecretReference(value) || value.startsWith('configserver:') || /^\$\{[^}]*\}$/.test(value.trim())) return value
  const home = value === '~' || value.startsWith('~/') ? homedir() + value.slice(1) : value
  return isAbsolute(home) ? home : resolve(cwd, home)
}
