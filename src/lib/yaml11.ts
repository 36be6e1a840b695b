import { Document, isScalar, visit, type Node, type ToStringOptions } from 'yaml'

/**
 * Halyard, Rosco and the operator's Halyard read YAML with SnakeYAML, which resolves plain
 * scalars by YAML 1.1's rules (org/yaml/snakeyaml/resolver/Resolver.java: BOOL, INT, FLOAT,
 * NULL, TIMESTAMP, MERGE, VALUE). A string galley writes plain must not match any of them,
 * or a base image id `on` becomes `true` there and a description `<<` a merge key.
 * y/Y/n/N are in the YAML 1.1 type repository though SnakeYAML leaves them out: quoted too.
 */
const YAML11_NOT_STRING: readonly RegExp[] = [
  /^(?:y|Y|n|N|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  // INT exactly as YAML 1.1's int type (and Resolver.java) has it: `0x_` matches though no
  // digit follows, and the reader then fails to construct it, so it must be quoted too.
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:[-+]?(?:\.[0-9]+|[0-9_]+(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:~|null|Null|NULL| |)$/,
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/,
  /^(?:<<|=)$/,
  // YAML 1.2 readers: octal and the like that 1.1 spells differently.
  /^[-+]?0o[0-7]+$/,
]

/** Whether a YAML 1.1 reader (SnakeYAML) would read this text, written plain, as something other than a string. */
export function yaml11ReadsAsNonString(text: string): boolean {
  return YAML11_NOT_STRING.some((pattern) => pattern.test(text))
}

/** Marks every string scalar of a node tree that YAML 1.1 would misread as double-quoted. */
export function quoteForYaml11(node: unknown): void {
  const mark = (scalar: { value: unknown; type?: string }) => {
    if (typeof scalar.value === 'string' && (scalar.type === undefined || scalar.type === 'PLAIN') && yaml11ReadsAsNonString(scalar.value)) scalar.type = 'QUOTE_DOUBLE'
  }
  if (isScalar(node)) return mark(node)
  visit(node as Node, { Scalar: (_, scalar) => mark(scalar) })
}

/** `yaml`'s stringify, with strings a YAML 1.1 reader would misread quoted. */
export function stringifyYaml11(value: unknown, options: ToStringOptions): string {
  const doc = new Document(value)
  quoteForYaml11(doc.contents)
  return doc.toString(options)
}
