import { safeCut, terminal } from '../lib/redact.js'
import { formatDuration } from '../lib/duration.js'

/** Back to the start of the line, and clear it (galley's own sequence: the output guard passes it). */
const CLEAR_LINE = terminal('\r\x1b[K')

/**
 * How Packer's output is shown while it runs. On a terminal: one live line with the elapsed
 * time and the step Packer is at (the whole output is in the log file). Elsewhere (CI, pipes):
 * every line, prefixed, so that interleaved output stays attributable.
 */
export interface Progress {
  line(text: string): void
  /** A message of hal's own, between Packer's lines. */
  message(text: string): void
  done(): void
}

const STEP = /^==> (.*)$/

export function packerProgress(stream: NodeJS.WriteStream, live: boolean, now: () => number = Date.now): Progress {
  if (!live) {
    return {
      line: (text) => stream.write(`packer | ${text}\n`),
      message: (text) => stream.write(`${text}\n`),
      done: () => {},
    }
  }
  const started = now()
  let step = 'starting Packer'
  let finished = false
  const render = () => {
    const width = Math.max(20, (stream.columns || 80) - 1)
    const text = `[${formatDuration(now() - started)}] ${step}`
    stream.write(`${CLEAR_LINE}${text.length > width ? `${text.slice(0, width - 1)}…` : text}`)
  }
  const timer = setInterval(render, 1000)
  timer.unref()
  render()
  return {
    line(text) {
      const match = STEP.exec(text)
      if (match) {
        step = match[1]
        render()
      }
    },
    message(text) {
      stream.write(`${CLEAR_LINE}${text}\n`)
      render()
    },
    done() {
      if (finished) return
      finished = true
      clearInterval(timer)
      stream.write(CLEAR_LINE)
    },
  }
}

/**
 * How a bake on Rosco is followed. On a terminal: one line, rewritten in place, with the state,
 * the elapsed time (ticking between polls) and the last line of Rosco's logs. Elsewhere (CI,
 * pipes): a timestamped line at each change of state, and one a minute while nothing changes,
 * so that a log shows the bake is alive.
 */
export interface StatusProgress {
  update(state: string, id: string, elapsedMs: number, lastLogLine?: string): void
  message(text: string): void
  done(): void
}

const HEARTBEAT_MS = 60_000

const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z')

/** A log line shown inside the status line: no control characters, at most `width` characters. */
export function fitLine(text: string, width: number): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ')
  if (flat.length <= width) return flat
  // Never through a known secret: the guard could not recognise half of one.
  const cut = safeCut(flat, Math.max(1, width - 1))
  return `${flat.slice(0, cut)}…`
}

export function roscoProgress(stream: NodeJS.WriteStream, live: boolean, now: () => number = Date.now): StatusProgress {
  const started = now()
  let state = 'starting'
  let id = ''
  let logLine: string | undefined
  if (!live) {
    let lastState = ''
    let lastLineAt = 0
    return {
      update(newState, newId, elapsedMs) {
        const at = now()
        if (newState === lastState && at - lastLineAt < HEARTBEAT_MS) return
        stream.write(`${stamp(at)} Rosco bake ${newId}: ${newState === lastState ? 'still ' : ''}${newState} (${formatDuration(elapsedMs)})\n`)
        lastState = newState
        lastLineAt = at
      },
      message: (text) => stream.write(`${stamp(now())} ${text}\n`),
      done: () => {},
    }
  }
  let finished = false
  const render = () => {
    if (finished) return
    const width = Math.max(30, (stream.columns || 80) - 1)
    // The id is in the message above the line ("Rosco started bake ID"): a UUID would fill it.
    const head = `[${formatDuration(now() - started)}] Rosco: ${state}`
    // Room is kept for what the output guard may put in (a longer <redacted>).
    const room = width - head.length - 3 - 4
    const text = logLine && room >= 10 ? `${head} · ${fitLine(logLine, room)}` : head
    stream.write(`${CLEAR_LINE}${text.length > width ? `${text.slice(0, width - 1)}…` : text}`)
  }
  const timer = setInterval(render, 1000)
  timer.unref()
  return {
    update(newState, newId, _elapsedMs, lastLogLine) {
      state = newState
      id = newId
      if (lastLogLine !== undefined) logLine = lastLogLine
      render()
    },
    message(text) {
      stream.write(`${CLEAR_LINE}${text}\n`)
      if (id) render()
    },
    done() {
      if (finished) return
      finished = true
      clearInterval(timer)
      stream.write(CLEAR_LINE)
    },
  }
}
