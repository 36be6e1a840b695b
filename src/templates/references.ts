import { resolve } from 'node:path'
import { halDirOfFile } from '../config/files.js'
import { getPlain } from '../config/edit.js'
import { isPlainObject, type Plain } from '../model/plain.js'
import type { DeploymentRef } from '../config/halconfig.js'
import type { DocumentKind } from '../config/kinds.js'
import { SERVICE_CONFIG, SERVICE_FILES, SERVICE_ROSCO_PROFILE } from '../config/service.js'
import { codeFrame, locatePath, type ParsedYaml } from '../config/source.js'
import type { ValuePath } from '../model/value-path.js'
import { confinedFile, namingProblem } from '../lib/confine.js'
import { toPointer, type Problem, type RuleMeta } from '../model/problem.js'
import { packerDirOf, templateReferences } from './library.js'
import { STOCK_TEMPLATES } from './stock.js'
import { shellWord } from '../lib/quote.js'

/**
 * Where the custom templates of a deployment kept in a --file live, so that the templateFile
 * references of the file can be checked (and template commands act there):
 * 1. the hal directory FILE sits in (a `config` beside `<deployment>/profiles`);
 * 2. else `--hal-dir`, when given;
 * 3. else, for a SpinnakerService, the manifest's own `spec.spinnakerConfig.files`;
 * 4. else nowhere known: references are not checked, and one warning says so.
 */
export type TemplateHome =
  | { kind: 'hal-dir'; halDir: string; packerDir: string; because: string }
  | { kind: 'manifest'; files: Map<string, string>; because: string }
  | { kind: 'none'; because: string }

/** A file of Rosco's packer directory, as the operator names it in `files`: `/` becomes `__`. */
export const PACKER_FILE_PREFIX = 'profiles__rosco__packer__'
export const manifestKeyOf = (name: string) => PACKER_FILE_PREFIX + name.split('/').join('__')
export const nameOfManifestKey = (key: string) => key.slice(PACKER_FILE_PREFIX.length).split('__').join('/')

/**
 * Why a `files` key cannot name a file of Rosco's packer directory; undefined when it can. The
 * operator turns `__` into `/`, so `..` pieces or empty ones (`____x`) would reach out of it.
 */
export function manifestKeyProblem(key: string): string | undefined {
  return namingProblem(nameOfManifestKey(key))
}

/**
 * The packer files a manifest carries in spec.spinnakerConfig.files (name → content). Keys that
 * cannot name a file inside the packer directory are left out (validation reports them), and so
 * is a file that another key's path runs through (`scripts` beside `scripts__a.sh`).
 */
export function manifestPackerFiles(value: unknown): Map<string, string> {
  const files = getPlain(value, SERVICE_FILES)
  const out = new Map<string, string>()
  if (!isPlainObject(files)) return out
  for (const [key, content] of Object.entries(files)) {
    if (key.startsWith(PACKER_FILE_PREFIX) && typeof content === 'string' && manifestKeyProblem(key) === undefined) out.set(nameOfManifestKey(key), content)
  }
  for (const name of [...out.keys()]) if ([...out.keys()].some((other) => other.startsWith(`${name}/`))) out.delete(name)
  return out
}

/** The `files` keys of a manifest that cannot be a file of Rosco's packer directory, with why. */
export function badManifestKeys(value: unknown): Array<{ key: string; problem: string }> {
  const files = getPlain(value, SERVICE_FILES)
  if (!isPlainObject(files)) return []
  const names = Object.keys(files).filter((key) => key.startsWith(PACKER_FILE_PREFIX)).map(nameOfManifestKey)
  return Object.keys(files).flatMap((key) => {
    if (!key.startsWith(PACKER_FILE_PREFIX)) return []
    const problem = manifestKeyProblem(key) ?? (names.some((other) => other.startsWith(`${nameOfManifestKey(key)}/`)) ? 'another key uses it as a directory' : undefined)
    return problem ? [{ key, problem }] : []
  })
}

export function templateHomeFor(file: string, kind: DocumentKind, value: unknown, deployment: string, halDirFlag?: string): TemplateHome {
  const beside = halDirOfFile(file, deployment)
  if (beside) return { kind: 'hal-dir', halDir: beside, packerDir: packerDirOf(beside, deployment), because: `the hal directory ${beside} that holds it` }
  if (halDirFlag !== undefined && halDirFlag.trim() !== '') {
    const halDir = resolve(halDirFlag)
    return { kind: 'hal-dir', halDir, packerDir: packerDirOf(halDir, deployment), because: `--hal-dir ${halDir}` }
  }
  if (kind === 'spinnaker-service') return { kind: 'manifest', files: manifestPackerFiles(value), because: `the manifest's ${SERVICE_FILES.join('.')}` }
  return { kind: 'none', because: 'no hal directory holds the file, no --hal-dir was given, and it is not a SpinnakerService manifest' }
}

interface Reference {
  template: string
  description: string
  path: ValuePath
}

/** Every templateFile the deployment names: in its config, and in a manifest's profiles.rosco. */
function referencesOf(parsed: ParsedYaml, deployment: Pick<DeploymentRef, 'value' | 'path'>, kind: DocumentKind): Reference[] {
  const refs: Reference[] = templateReferences(parsed, deployment)
    .filter((r) => !r.implicit)
    .map((r) => ({ template: r.template, description: r.description, path: r.path.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~'))) }))
  if (kind !== 'spinnaker-service') return refs
  const rosco = getPlain(parsed.value, SERVICE_ROSCO_PROFILE)
  if (!isPlainObject(rosco)) return refs
  for (const [provider, section] of Object.entries(rosco)) {
    const bakery = isPlainObject(section) && isPlainObject(section.bakeryDefaults) ? (section.bakeryDefaults as Plain) : undefined
    if (!bakery) continue
    const base = [...SERVICE_ROSCO_PROFILE, provider, 'bakeryDefaults']
    if (typeof bakery.templateFile === 'string') refs.push({ template: bakery.templateFile, description: `${provider} bakery defaults (profiles.rosco)`, path: [...base, 'templateFile'] })
    const images = Array.isArray(bakery.baseImages) ? bakery.baseImages : []
    images.forEach((entry, index) => {
      const image = isPlainObject(entry) && isPlainObject(entry.baseImage) ? entry.baseImage : undefined
      if (typeof image?.templateFile === 'string') {
        refs.push({ template: image.templateFile, description: `${provider} base image ${String(image.id ?? `#${index + 1}`)} (profiles.rosco)`, path: [...base, 'baseImages', index, 'baseImage', 'templateFile'] })
      }
    })
  }
  return refs
}

/** The config rule a missing template is reported under (src/validate/rules/template-file.ts). */
export const TEMPLATE_REFERENCE_RULE = 'bakery/template-file'
export const REFERENCES_UNCHECKED_RULE = 'bakery/template-references-unchecked'

/** The problem of a file's template references of its own (bakery/template-file is a config rule's). */
export const REFERENCE_RULES = [
  { id: REFERENCES_UNCHECKED_RULE, severity: 'warning', doc: 'The custom templates a file names are checked against its template home (the hal directory it is in, --hal-dir, or a manifest\'s files); without one they are not.' },
] as const satisfies readonly RuleMeta[]

/**
 * The templateFile references of a deployment kept in a file, checked against its template
 * home: a missing template is an error at the reference; when no home is known, one warning.
 */
export function templateReferenceProblems(parsed: ParsedYaml, deployment: Pick<DeploymentRef, 'value' | 'path'>, kind: DocumentKind, home: TemplateHome): Problem[] {
  const refs = referencesOf(parsed, deployment, kind).filter((r) => !STOCK_TEMPLATES.includes(r.template) && !/^\s*(\$|\{|<)/.test(r.template))
  if (refs.length === 0) return []
  if (home.kind === 'none') {
    return [{
      rule: REFERENCES_UNCHECKED_RULE,
      severity: 'warning',
      message: `The custom templates this file names (${[...new Set(refs.map((r) => r.template))].join(', ')}) were not checked: ${home.because}.`,
      remediation: 'Pass --hal-dir DIR to check them against DIR\'s profiles/rosco/packer/, or keep them in a SpinnakerService\'s spec.spinnakerConfig.files.',
      path: '',
      file: parsed.file,
    }]
  }
  const problems: Problem[] = []
  for (const ref of refs) {
    const found = home.kind === 'hal-dir' ? confinedFile(home.packerDir, ref.template) !== undefined : home.files.has(ref.template)
    if (found) continue
    const where = home.kind === 'hal-dir' ? home.packerDir : `${SERVICE_FILES.join('.')} (as ${manifestKeyOf(ref.template)})`
    const position = locatePath(parsed, ref.path)
    problems.push({
      rule: TEMPLATE_REFERENCE_RULE,
      severity: 'error',
      message: `The template of ${ref.description}, "${ref.template}", is neither a stock template nor a file in ${where}; every bake using it would fail.`,
      remediation: home.kind === 'hal-dir'
        ? `Install it with hal config bakery template add PATH/${shellWord(ref.template)} --hal-dir ${shellWord(home.halDir)}, or use a stock template.`
        : `Add it with hal config bakery template add PATH/${shellWord(ref.template)} --file ${shellWord(parsed.file)}, or use a stock template.`,
      path: toPointer(ref.path),
      file: parsed.file,
      line: position?.line,
      column: position?.column,
      frame: position ? codeFrame(parsed.text, position.line, position.column) : undefined,
    })
  }
  return problems
}

/**
 * For `hal config validate --file FILE`: the template-reference problems of FILE in one call.
 * `opened` is FILE as files.ts reads it (openConfigFile); a kind without deployments gives none.
 * For a halconfig, every deployment (or `deployment` only) is checked.
 */
export function fileTemplateProblems(opened: { file: string; parsed: ParsedYaml; detected: { kind: DocumentKind } }, options: { halDirFlag?: string; deployment?: string } = {}): Problem[] {
  const { kind } = opened.detected
  if (kind !== 'halconfig' && kind !== 'deployment' && kind !== 'spinnaker-service') return []
  const refs: Array<Pick<DeploymentRef, 'name' | 'value' | 'path'>> = []
  if (kind === 'halconfig') {
    const list = getPlain(opened.parsed.value, ['deploymentConfigurations'])
    if (Array.isArray(list)) {
      list.forEach((value, index) => {
        if (isPlainObject(value) && typeof value.name === 'string' && (options.deployment === undefined || value.name === options.deployment)) {
          refs.push({ name: value.name, value, path: ['deploymentConfigurations', index] })
        }
      })
    }
  } else {
    const path = kind === 'spinnaker-service' ? SERVICE_CONFIG : []
    const value = getPlain(opened.parsed.value, path)
    const plain = isPlainObject(value) ? value : {}
    refs.push({ name: typeof plain.name === 'string' && plain.name !== '' ? plain.name : 'default', value: plain, path })
  }
  return refs.flatMap((ref) => {
    try {
      return templateReferenceProblems(opened.parsed, ref, kind, templateHomeFor(opened.file, kind, opened.parsed.value, ref.name, options.halDirFlag))
    } catch {
      return [] // a deployment whose directory cannot be used: the config rules report it
    }
  })
}
