import { FAILSAFE_SCHEMA, Type as JsYamlType, type Schema as JsYamlSchema } from 'js-yaml'
import { Scalar, type DocumentOptions, type ParseOptions, type SchemaOptions, type ScalarTag } from 'yaml'

/**
 * Hand-written YAML read as Halyard and Rosco read it. They load YAML with SnakeYAML 1.31 (kork's
 * spinnaker-dependencies.gradle pins it; Halyard's HalconfigParser.parseHalconfig loads the
 * halconfig with `new Yaml(new SafeConstructor(), ...)` and Jackson maps the result), which
 * resolves a plain (unquoted) scalar by YAML 1.1's rules as its
 * src/main/java/org/yaml/snakeyaml/resolver/Resolver.java spells them (lines 29-53; the same
 * patterns since 1.31) and constructs it as SafeConstructor.java does (ConstructYamlBool,
 * ConstructYamlInt, ConstructYamlFloat). Quoted scalars are always text.
 *
 * Where galley differs on purpose: a TIMESTAMP (2024-01-01) stays the text written (SafeConstructor
 * makes a java.util.Date of it, which Jackson turns into milliseconds for a text field: nobody
 * means that); integers past 2^53 lose digits, as numbers do in JavaScript.
 */

// Resolver.java:29-30. Not y/Y/n/N: YAML 1.1's type repository has them, SnakeYAML leaves them out.
const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/
// Resolver.java:42-47, tried on texts that start as a number does (Resolver.java:65) and are up to
// 1024 characters long (Resolver.java:80-82, 136): longer ones are text.
const INT = /^(?=[-+0-9])(?=[\s\S]{0,1024}$)(?:[-+]?0b_*[0-1][0-1_]*|[-+]?0_*[0-7][0-7_]*|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x_*[0-9a-fA-F][0-9a-fA-F_]*|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/
// Resolver.java:36-41: a float needs a point or an exponent, so 012345678901 is text, not a number.
const FLOAT = /^(?=[-+0-9.])(?=[\s\S]{0,1024}$)(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/
// Resolver.java:49-50 (NULL and EMPTY).
const NULL = /^(?:~|null|Null|NULL| )?$/

const TRUE_WORDS = new Set(['yes', 'true', 'on'])

/** SafeConstructor.ConstructYamlBool. */
const constructBool = (text: string) => TRUE_WORDS.has(text.toLowerCase())

/** A sign, then the rest: SafeConstructor reads the sign first for ints and floats. */
function signed(text: string): { sign: 1 | -1; digits: string } {
  const value = text.replace(/_/g, '')
  if (value.startsWith('-')) return { sign: -1, digits: value.slice(1) }
  return { sign: 1, digits: value.startsWith('+') ? value.slice(1) : value }
}

/** Base 60: `1:30` is 90 (SafeConstructor splits at the colons, the last part counts ones). */
const sexagesimal = (digits: string, parse: (part: string) => number) =>
  digits.split(':').reduceRight((sum, part, i, parts) => sum + parse(part) * 60 ** (parts.length - 1 - i), 0)

/** SafeConstructor.ConstructYamlInt: 0b binary, 0x hex, a leading 0 octal, colons base 60. */
function constructInt(text: string): number {
  const { sign, digits } = signed(text)
  let value: number
  if (digits === '0') return 0
  if (digits.startsWith('0b')) value = parseInt(digits.slice(2), 2)
  else if (digits.startsWith('0x')) value = parseInt(digits.slice(2), 16)
  else if (digits.startsWith('0')) value = parseInt(digits.slice(1), 8)
  else if (digits.includes(':')) value = sexagesimal(digits, Number)
  else value = Number(digits)
  return sign * value || 0 // Java's ints have no -0
}

/** SafeConstructor.ConstructYamlFloat; undefined where Java's Double.valueOf would fail (`._`). */
function constructFloat(text: string): number | undefined {
  const { sign, digits } = signed(text)
  const lower = digits.toLowerCase()
  if (lower === '.inf') return sign * Infinity
  if (lower === '.nan') return NaN
  const value = digits.includes(':') ? sexagesimal(digits, Number) : /^(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i.test(digits) ? Number(digits) : NaN
  return Number.isNaN(value) ? undefined : sign * value
}

const cannotConstruct = (text: string) =>
  `Halyard (SnakeYAML) reads the unquoted ${JSON.stringify(text)} as a number but cannot make one of it: quote it, or write the number`

/** A plain scalar SnakeYAML resolves to a number it then fails to construct (`._`). */
export class SnakeYamlConstructError extends Error {
  constructor(readonly text: string) {
    super(cannotConstruct(text))
  }
}

/**
 * What SnakeYAML makes of a plain scalar's text, as galley reads it: a boolean, a number, null or
 * the text itself. Throws where SnakeYAML would fail to construct the value.
 */
export function snakeYamlPlainValue(text: string): string | number | boolean | null {
  if (BOOL.test(text)) return constructBool(text)
  if (INT.test(text)) return constructInt(text)
  if (FLOAT.test(text)) {
    const value = constructFloat(text)
    if (value === undefined) throw new SnakeYamlConstructError(text)
    return value
  }
  if (NULL.test(text)) return null
  return text
}

// ---------------------------------------------------------------- the `yaml` package (Document API)

/** A node as it was written, kept when it still means the same value; else `fallback`. */
const sourceOr = (pattern: RegExp, read: (text: string) => unknown, fallback: (value: unknown) => string) =>
  (item: { source?: string; value?: unknown }) =>
    typeof item.source === 'string' && pattern.test(item.source) && Object.is(read(item.source), item.value) ? item.source : fallback(item.value)

const nullTag: ScalarTag = {
  identify: (value) => value === null || value === undefined,
  default: true,
  tag: 'tag:yaml.org,2002:null',
  test: NULL,
  resolve: () => new Scalar(null),
  stringify: sourceOr(NULL, () => null, () => 'null'),
}

const boolTag: ScalarTag = {
  identify: (value) => typeof value === 'boolean',
  default: true,
  tag: 'tag:yaml.org,2002:bool',
  test: BOOL,
  resolve: constructBool,
  stringify: sourceOr(BOOL, constructBool, (value) => String(value)),
}

const intTag: ScalarTag = {
  identify: (value) => typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value)),
  default: true,
  tag: 'tag:yaml.org,2002:int',
  test: INT,
  resolve: constructInt,
  stringify: sourceOr(INT, constructInt, (value) => String(value)),
}

const floatText = (value: unknown) => {
  const n = Number(value)
  if (Number.isNaN(n)) return '.nan'
  if (!Number.isFinite(n)) return n < 0 ? '-.inf' : '.inf'
  const text = String(n)
  return FLOAT.test(text) ? text : `${text}.0`
}

const floatTag: ScalarTag = {
  identify: (value) => typeof value === 'number',
  default: true,
  tag: 'tag:yaml.org,2002:float',
  test: FLOAT,
  resolve(text, onError) {
    const value = constructFloat(text)
    if (value === undefined) onError(cannotConstruct(text))
    return value ?? text
  },
  stringify: sourceOr(FLOAT, constructFloat, floatText),
}

/**
 * Options for the `yaml` package's parseDocument and parseAllDocuments: SnakeYAML's resolution
 * whatever `%YAML` directive the file has (SnakeYAML has one way of reading), `<<` merge keys
 * merged (SafeConstructor does), and no tags beyond the core ones (`!!timestamp` and the like are
 * refused as any other tag is).
 */
export function snakeYamlOptions(): ParseOptions & DocumentOptions & SchemaOptions {
  return { schema: 'failsafe', customTags: [nullTag, boolTag, intTag, floatTag], merge: true, resolveKnownTags: false }
}

// ---------------------------------------------------------------- js-yaml (large files)

const jsYamlScalar = (tag: string, pattern: RegExp) =>
  new JsYamlType(tag, {
    kind: 'scalar',
    resolve: (data: unknown) => (data === null ? tag.endsWith(':null') : typeof data === 'string' && pattern.test(data)),
    construct: (data: unknown) => (data === null ? null : snakeYamlPlainValue(String(data))),
  })

/**
 * The same reading for js-yaml 4, which knows only YAML 1.2's schemas: failsafe (strings, lists,
 * maps) with SnakeYAML's scalars and merge keys. Both readers must agree on every text (tested).
 */
export const SNAKEYAML_JS_SCHEMA: JsYamlSchema = FAILSAFE_SCHEMA.extend({
  implicit: [
    jsYamlScalar('tag:yaml.org,2002:null', NULL),
    jsYamlScalar('tag:yaml.org,2002:bool', BOOL),
    jsYamlScalar('tag:yaml.org,2002:int', INT),
    jsYamlScalar('tag:yaml.org,2002:float', FLOAT),
    // js-yaml merges the mapping under a key of this tag (Resolver.java:48, MERGE).
    new JsYamlType('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: (data: unknown) => data === '<<' }),
  ],
})
