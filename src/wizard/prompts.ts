import { styleText } from 'node:util'
import { ExitCode, usage } from '../lib/errors.js'
import { allowPromptDrawing, terminal } from '../lib/redact.js'

/**
 * The terminal side of the wizards: which prompt functions they use, where prompts go, when
 * prompting is allowed at all, and what Ctrl-C means.
 */

/** The @inquirer prompts the wizards use (a type only: the module itself is loaded on demand). */
export type Prompts = Pick<typeof import('@inquirer/prompts'), 'input' | 'confirm' | 'select' | 'checkbox' | 'password' | 'search'>

/**
 * Loads the prompts. Only ever through import() on the path that asks something: the bundle
 * stays a single CommonJS file, and commands that never prompt never pay for it.
 */
export async function loadPrompts(): Promise<Prompts> {
  // The prompts draw (move the cursor, clear lines) with sequences the output guard would escape.
  allowPromptDrawing()
  const { input, confirm, select, checkbox, password, search } = await import('@inquirer/prompts')
  return { input, confirm, select, checkbox, password, search }
}

/** Prompts write to stderr, so that stdout carries only results (and --json). */
export const promptContext = () => ({ output: process.stderr })

/** A prompt needs someone to answer it: stdin and stderr both on a terminal. */
export const hasTerminal = (streams: { stdin: { isTTY?: boolean }; stderr: { isTTY?: boolean } } = process): boolean =>
  Boolean(streams.stdin.isTTY && streams.stderr.isTTY)

/**
 * The exit status of a wizard cancelled with Ctrl-C: 128 + SIGINT, as shells report a program
 * stopped by Ctrl-C, so that a script can tell "the user gave up" from a usage error (2).
 */
export const CANCELLED_EXIT = ExitCode.CANCELLED
export const CANCELLED_MESSAGE = 'Cancelled; nothing was written.'

/** Ctrl-C (or a closed input) while a prompt waits: @inquirer rejects with one of these. */
export const isCancel = (error: unknown): boolean =>
  ['ExitPromptError', 'AbortPromptError', 'CancelPromptError'].includes((error as Error)?.name)

/**
 * Refuses to prompt without a terminal: scripts and CI get exit 2 and the flags to pass,
 * never a prompt waiting forever on a pipe.
 */
export function requireTerminal(message: string, remediation: string, data: Record<string, unknown> = {}): void {
  if (hasTerminal()) return
  throw usage(message, { code: 'TERMINAL_NEEDED', remediation, data })
}

/** A wizard stopped by the person at the terminal (Ctrl-C, or "Cancel"). */
export class Cancelled extends Error {
  constructor() {
    super(CANCELLED_MESSAGE)
    this.name = 'Cancelled'
  }
}

/** Runs the prompting part of a command: Ctrl-C there becomes Cancelled. */
export async function cancellable<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    throw isCancel(error) ? new Cancelled() : error
  }
}

/**
 * For a command's catch(): reports a cancelled wizard (no "Error:", no stack) and sets the
 * exit status. False for any other error.
 */
export function reportCancelled(error: unknown, json?: (value: unknown) => void): boolean {
  if (!(error instanceof Cancelled)) return false
  if (json) json({ error: { code: 'CANCELLED', message: CANCELLED_MESSAGE, exitCode: CANCELLED_EXIT } })
  else process.stderr.write(`${CANCELLED_MESSAGE}\n`)
  process.exitCode = CANCELLED_EXIT
  return true
}

// Styles go through node:util's styleText, which honours NO_COLOR and plain (non-TTY) output.
// The style's own sequences are marked as galley's (lib/redact.ts): the text in between stays escaped.
const style = (format: Parameters<typeof styleText>[0]) => (text: string) => {
  const [open, close] = styleText(format, '\0').split('\0')
  return `${terminal(open)}${text}${terminal(close)}`
}
export const bold = style('bold')
export const dim = style('dim')
export const added = style('green')
export const removed = style('red')

/** A prompt's message with the schema's help beside it while it is asked; only the label once answered. */
export const helpTheme = (help: string | undefined) => ({
  style: {
    message: (text: string, status: string) => (status === 'done' || !help ? bold(text) : `${bold(text)} ${dim(`- ${help}`)}`),
  },
})
