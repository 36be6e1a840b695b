import { load, CORE_SCHEMA } from 'js-yaml'
import { noteSecretsInValue } from '../lib/redact.js'
import { parseYaml, type ParsedYaml } from './source.js'

/**
 * Reading, not editing, a large file: the `yaml` package's Document API keeps every position
 * but parses about 1.5 MB/s, so a 20-deployment halconfig would take a second to read. For
 * validation, a file above this size is read with js-yaml (YAML 1.2 core schema, the same
 * values as `yaml`'s default), and the position-keeping parse runs only if a problem needs a
 * line and column. Anything unusual (anchors, aliases, tags, or an error) takes the full path.
 */
export const FAST_READ_BYTES = 256 * 1024

export function parseForReading(text: string, file: string): ParsedYaml {
  if (text.length < FAST_READ_BYTES || /(^|[\s,[{:-])[&*!][^\s,\]}]/m.test(text)) return parseYaml(text, file)
  let value: unknown
  try {
    value = load(text, { schema: CORE_SCHEMA, filename: file, json: false })
  } catch {
    return parseYaml(text, file) // reports the error the usual way
  }
  noteSecretsInValue(value)
  let full: ParsedYaml | undefined
  const positions = () => (full ??= parseYaml(text, file))
  return {
    file,
    text,
    value: value ?? null,
    get doc() {
      return positions().doc
    },
    get lineCounter() {
      return positions().lineCounter
    },
  }
}
