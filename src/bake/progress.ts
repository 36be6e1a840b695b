import { terminal } from '../lib/redact.js'
import { formatDuration } from './command.js'

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
