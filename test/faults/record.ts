import { appendFileSync } from 'node:fs'

/** Records one line of the safety table, e.g. ('crash safety', 200, 'edits killed', 200, 'files intact'). */
export function recordFigure(what: string, triedN: number, tried: string, resultN: number, result: string): void {
  const file = process.env.GALLEY_FIGURES
  if (file) appendFileSync(file, `${JSON.stringify({ what, tried, result, tried_n: triedN, result_n: resultN })}\n`)
}

/** No Node stack trace in what a user sees. */
export const hasStackTrace = (text: string) => /\n\s+at .+\(.+:\d+:\d+\)/.test(text) || /^\s+at /m.test(text)
