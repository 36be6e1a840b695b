import type { Formatter } from '../report.js'
import githubFormatter from './github.js'
import jsonFormatter from './json.js'
import junitFormatter from './junit.js'
import sarifFormatter from './sarif.js'
import textFormatter from './text.js'

/** The values of `hal config validate --format`; the first is the default. */
export const FORMATS = ['text', 'json', 'sarif', 'junit', 'github'] as const
export type FormatName = (typeof FORMATS)[number]

const FORMATTERS: Record<FormatName, Formatter> = {
  text: textFormatter,
  json: jsonFormatter,
  sarif: sarifFormatter,
  junit: junitFormatter,
  github: githubFormatter,
}

export function isFormatName(name: string): name is FormatName {
  return (FORMATS as readonly string[]).includes(name)
}

export function formatterFor(name: FormatName): Formatter {
  if (!isFormatName(name)) throw new Error(`Unknown output format "${String(name)}"; expected one of ${FORMATS.join(', ')}.`)
  return FORMATTERS[name]
}

export { githubFormatter, jsonFormatter, junitFormatter, sarifFormatter, textFormatter }
