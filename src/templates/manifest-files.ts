import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { isScalar } from 'yaml'
import { updateConfigFile } from '../config/files.js'
import { SERVICE_FILES } from '../config/service.js'
import { nodeAt, type ParsedYaml } from '../config/source.js'
import { failed, invalid } from '../lib/errors.js'
import { namingProblem } from '../lib/confine.js'
import { removeTree } from '../lib/fs-safe.js'
import type { Problem } from '../model/problem.js'
import type { InstalledFile, PlannedFile } from './install.js'
import { kindOf } from './library.js'
import { manifestKeyOf } from './references.js'
import { STOCK_TEMPLATES } from './stock.js'

/**
 * Custom templates kept in a SpinnakerService manifest, as the operator reads them: each file
 * of Rosco's packer directory is a string in spec.spinnakerConfig.files, its key the path with
 * `__` for `/` (profiles__rosco__packer__scripts__x.sh). The operator writes them as files of
 * mode 0644, so a script is run through its interpreter (Rosco's templates call `sh`).
 */

/** A private copy of the manifest's packer files, for the checks that read a directory. */
export function materialise(files: Map<string, string>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'galley-files-'))
  try {
    for (const [name, content] of files) {
      // manifestPackerFiles admits only names inside the directory; this stays true whatever calls it.
      const problem = namingProblem(name)
      if (problem) throw failed(`the manifest's file ${name} cannot be a file of Rosco's packer directory: ${problem}`, { code: 'BAD_FILE_KEY', remediation: 'Rename its key in spec.spinnakerConfig.files.' })
      const path = join(dir, name)
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
      writeFileSync(path, content, { mode: 0o600, flag: 'wx' })
      if (content.startsWith('#!')) chmodSync(path, 0o700)
    }
  } catch (error) {
    removeTree(dir)
    throw error
  }
  return { dir, cleanup: () => removeTree(dir) }
}

/** Adds files to the manifest's `files`, all or nothing, under the file's lock (one undo step). */
export async function addToManifest(file: string, planned: readonly PlannedFile[], force: boolean, reason: string): Promise<InstalledFile[]> {
  for (const f of planned) {
    // The operator reads `__` in a key as `/`: my__x.json would reach Rosco as my/x.json.
    if (f.name.split('/').some((segment) => segment.includes('__'))) {
      throw invalid(`${f.name} cannot be kept in a SpinnakerService's files: the operator reads "__" in a key as "/", so Rosco would get ${f.name.split('__').join('/')}`, {
        code: 'BAD_FILE_NAME',
        remediation: 'Rename the file without "__" (and the templateFile settings that name it), then add it again.',
      })
    }
    if (f.content.includes(0)) {
      throw invalid(`${f.source} holds binary data: a SpinnakerService's files are text`, {
        code: 'NOT_TEXT',
        remediation: 'Keep binary files in an image or a volume; only text files go into spec.spinnakerConfig.files.',
      })
    }
  }
  const outcome = await updateConfigFile(file, (editor) => {
    const existing = planned.filter((f) => editor.get([...SERVICE_FILES, manifestKeyOf(f.name)]) !== undefined).map((f) => f.name)
    if (existing.length > 0 && !force) {
      throw failed(`${existing.length === 1 ? '1 file exists' : `${existing.length} files exist`} already in ${file} (${SERVICE_FILES.join('.')}); nothing was written`, {
        code: 'TEMPLATE_EXISTS',
        detail: existing.map((name) => `  - ${name} (${manifestKeyOf(name)})`).join('\n'),
        remediation: 'Pass --force to replace them (hal config bakery template get NAME --file FILE shows the current one).',
        data: { existing },
      })
    }
    return planned.map((f) => {
      const key = manifestKeyOf(f.name)
      const replaced = editor.get([...SERVICE_FILES, key]) !== undefined
      editor.set([...SERVICE_FILES, key], f.content.toString('utf8'))
      return { name: f.name, path: `${file}#${[...SERVICE_FILES, key].join('.')}`, kind: kindOf(f.name, f.content.toString('utf8')), mode: '0644', replaced, overridesStock: STOCK_TEMPLATES.includes(f.name) }
    })
  }, { reason })
  return outcome.result
}

/** Removes one file from the manifest's `files`. */
export async function removeFromManifest(file: string, name: string, reason: string): Promise<string> {
  await updateConfigFile(file, (editor) => editor.delete([...SERVICE_FILES, manifestKeyOf(name)]), { reason })
  return `${file}#${[...SERVICE_FILES, manifestKeyOf(name)].join('.')}`
}

/**
 * Problems found in the private copy, pointed back at the manifest: the file, and the line and
 * column of the template's text inside its block scalar when it is one.
 */
export function pointAtManifest(problems: Problem[], dir: string, parsed: ParsedYaml): Problem[] {
  return problems.map((p) => {
    if (!p.file || relative(dir, p.file).startsWith('..')) return p
    const name = relative(dir, p.file).split('\\').join('/')
    const key = manifestKeyOf(name)
    const node = nodeAt(parsed.doc, [...SERVICE_FILES, key])
    const moved: Problem = { ...p, file: parsed.file, location: `${SERVICE_FILES.join('.')}.${key}`, frame: undefined }
    if (!isScalar(node) || !node.range || (node.type !== 'BLOCK_LITERAL') || p.line === undefined) return { ...moved, line: undefined, column: undefined }
    const header = parsed.lineCounter.linePos(node.range[0]).line
    const firstLine = parsed.text.split('\n')[header] ?? ''
    const indent = /^ */.exec(firstLine)![0].length
    return { ...moved, line: header + p.line, column: (p.column ?? 1) + indent }
  })
}
