import { spawn } from 'node:child_process'
import { stripVTControlCharacters } from 'node:util'
import { BIN } from '../helpers/hal.js'

/**
 * Runs the real bin/run.js on a pseudo-terminal, as a person would, for the wizard's
 * end-to-end tests. The terminal comes from util-linux's `script` (Debian's bsdutils, an
 * essential package, so it is on every Debian-based CI image; python3 is not on the slim ones).
 * Each answer is sent only once its prompt is on the screen.
 */

export const KEY = { enter: '\r', up: '\u001b[A', down: '\u001b[B', space: ' ', tab: '\t', backspace: '\u007f', ctrlC: '\u0003' } as const

export interface TerminalRun {
  /** Waits for the text to appear after everything matched so far, then sends the keys. */
  answer(prompt: string | RegExp, keys: string): Promise<void>
  waitFor(text: string | RegExp): Promise<void>
  send(keys: string): void
  /** The screen as it is now. */
  screen(): string
  /** Resolves when the program exits; its screen output, raw. */
  exit: Promise<{ exitCode: number; raw: string }>
}

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`

export function onTerminal(args: string[], options: { halDir: string; env?: Record<string, string | undefined>; cwd?: string; timeout?: number }): TerminalRun {
  const command = `stty cols 100 rows 60 2>/dev/null; exec ${['node', BIN, ...args].map(quote).join(' ')}`
  // NO_COLOR by default, so that the screen is plain text; an env value of undefined removes a variable.
  const env: Record<string, string | undefined> = { ...process.env, HAL_DIR: options.halDir, NO_COLOR: '1', TERM: 'xterm-256color', GALLEY_NO_CODE_CACHE: '1', ...options.env }
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name]
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
  let raw = ''
  let seen = 0
  const waiters = new Set<() => void>()
  const onData = (data: Buffer) => {
    raw += data.toString('utf8')
    for (const wake of [...waiters]) wake()
  }
  child.stdout.on('data', onData)
  child.stderr.on('data', onData)
  const timeout = options.timeout ?? 20_000
  const exit = new Promise<{ exitCode: number; raw: string }>((resolve) => {
    child.on('close', (code) => {
      for (const wake of [...waiters]) wake()
      resolve({ exitCode: code ?? -1, raw })
    })
  })
  let exited = false
  void exit.then(() => {
    exited = true
  })

  const waitFor = (text: string | RegExp) =>
    new Promise<void>((resolve, reject) => {
      const shows = (end: number) => {
        const fresh = stripVTControlCharacters(raw.slice(seen, end))
        return typeof text === 'string' ? fresh.includes(text) : text.test(fresh)
      }
      const check = () => {
        if (shows(raw.length)) {
          // Consume the output up to the end of the match only: what came in the same chunk after it
          // (the next prompt, say) is still there for the next waitFor.
          let low = seen
          let high = raw.length
          while (low < high) {
            const mid = (low + high) >> 1
            if (shows(mid)) high = mid
            else low = mid + 1
          }
          seen = high
          done()
          resolve()
        } else if (exited) {
          done()
          reject(new Error(`the program exited before showing ${String(text)}; its screen:\n${screen(raw)}`))
        }
      }
      const timer = setTimeout(() => {
        done()
        reject(new Error(`${String(text)} did not appear within ${timeout} ms; the screen:\n${screen(raw)}`))
      }, timeout)
      const done = () => {
        clearTimeout(timer)
        waiters.delete(check)
      }
      waiters.add(check)
      check()
    })
  const send = (keys: string) => {
    child.stdin.write(keys)
  }
  return {
    waitFor,
    send,
    screen: () => screen(raw),
    async answer(prompt, keys) {
      await waitFor(prompt)
      send(keys)
    },
    exit,
  }
}

/**
 * What a terminal would show at the end: the output replayed on a blank screen (cursor moves,
 * line erases, carriage returns), without escape codes. Enough of a VT100 for @inquirer's
 * rendering; the recorded run in the README comes from it.
 */
export function screen(raw: string): string {
  const lines: string[][] = [[]]
  let row = 0
  let col = 0
  const line = () => (lines[row] ??= [])
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]
    if (ch === '\u001b') {
      const csi = /^\u001b\[([?0-9;]*)([A-Za-z])/.exec(raw.slice(i, i + 16))
      if (!csi) {
        const osc = /^\u001b\][^\u0007]*\u0007/.exec(raw.slice(i))
        i += osc ? osc[0].length - 1 : 1
        continue
      }
      i += csi[0].length - 1
      const n = Number.parseInt(csi[1] || '1', 10) || 1
      switch (csi[2]) {
        case 'A': row = Math.max(0, row - n); break
        case 'B': row += n; break
        case 'C': col += n; break
        case 'D': col = Math.max(0, col - n); break
        case 'G': col = n - 1; break
        case 'K': csi[1] === '2' ? (lines[row] = []) : line().splice(col); break
        case 'J': lines.splice(row + 1); line().splice(col); break
        default: break // colours, cursor visibility
      }
      continue
    }
    if (ch === '\r') col = 0
    else if (ch === '\n') row++
    else if (ch >= ' ' || ch === '\t') {
      const cells = line()
      while (cells.length < col) cells.push(' ')
      cells[col++] = ch
    }
  }
  return lines.map((cells) => (cells ?? []).join('').trimEnd()).join('\n').replace(/\n*$/, '\n')
}
