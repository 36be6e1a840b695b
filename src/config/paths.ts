import { lstatSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { failed, invalid, usage } from '../lib/errors.js'
import { namingProblem, shown } from '../lib/confine.js'
import { checkDirectorySetting, checkEnvironment } from './environment.js'

/** Where the hal directory is: `--hal-dir`, else `$HAL_DIR`, else `~/.hal`. */
export function resolveHalDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  checkEnvironment(env)
  // An empty --hal-dir must not quietly mean $HAL_DIR or ~/.hal: the user meant some other directory.
  if (flag !== undefined && flag.trim() === '') {
    throw usage(`--hal-dir "${shown(flag)}" is not a directory name`, {
      code: 'BAD_HAL_DIR',
      remediation: 'Give the path of the hal directory, or leave --hal-dir out to use $HAL_DIR or ~/.hal.',
    })
  }
  if (flag) checkDirectorySetting(flag, '--hal-dir')
  else if (env.HAL_DIR) checkDirectorySetting(env.HAL_DIR, 'HAL_DIR')
  const chosen = flag || env.HAL_DIR || join(homedir(), '.hal')
  return resolve(chosen)
}

/** The layout of a hal directory. */
export const halPaths = (halDir: string) => ({
  root: halDir,
  config: join(halDir, 'config'),
  lastDeployed: join(halDir, '.backup', 'config'),
  /** galley's own state: the write lock and the undo history. */
  galley: join(halDir, '.galley'),
  lock: join(halDir, '.galley', 'lock'),
  undo: join(halDir, '.galley', 'undo'),
  deployment: (name: string) => deploymentPaths(halDir, name),
})

/** Deployment names become directory names under the hal directory (Halyard puts no rule on them). */
const DEPLOYMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/
const DEPLOYMENT_NAME_MAX = 100
export const DEPLOYMENT_NAME_REMEDIATION = 'Use letters, digits, ".", "_" and "-", starting with a letter or digit, at most 100 characters (it becomes a directory name).'

/** Why a deployment name cannot be a directory name under the hal directory; undefined when it can. */
export function deploymentNameProblem(name: string): string | undefined {
  return (
    namingProblem(name, true) ??
    (name.length > DEPLOYMENT_NAME_MAX ? `it is longer than ${DEPLOYMENT_NAME_MAX} characters`
      : !DEPLOYMENT_NAME.test(name) ? 'only letters, digits, ".", "_" and "-" are allowed, starting with a letter or digit'
        : undefined)
  )
}

/**
 * A deployment's directories. The name is checked again here, whatever checked it before, so
 * that no path is ever built from a name that leaves the hal directory.
 */
export const deploymentPaths = (halDir: string, name: string) => {
  const problem = deploymentNameProblem(name)
  if (problem) {
    throw invalid(`"${shown(name)}" is not a usable deployment name: ${problem}`, {
      code: 'BAD_DEPLOYMENT_NAME',
      remediation: DEPLOYMENT_NAME_REMEDIATION,
      data: { name },
    })
  }
  const root = join(halDir, name)
  return {
    root,
    profiles: join(root, 'profiles'),
    packer: join(root, 'profiles', 'rosco', 'packer'),
    roscoLocal: join(root, 'profiles', 'rosco-local.yml'),
    serviceSettings: join(root, 'service-settings'),
    staging: join(root, 'staging'),
    history: join(root, 'history'),
  }
}

/**
 * Fails with Halyard's complaint ("The path P may not be a file."), followed by what is wrong in
 * plain words, when a path that must be a directory is a file. A missing path is fine: it is
 * created when first needed.
 */
export function assertDirectoryOrAbsent(path: string): void {
  const refuse = (what: string) =>
    failed(`The path ${path} may not be a file. ${what}, where hal needs a directory; nothing was changed.`, {
      code: 'PATH_IS_FILE',
      remediation: `If ${path} is meant to be the hal directory, point --hal-dir (or $HAL_DIR) at a directory instead; otherwise move what is there out of the way (hal did not put it there).`,
      data: { path },
    })
  let stat
  try {
    stat = statSync(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return
    if (code === 'ENOTDIR') throw refuse('A path on the way to it is a file')
    throw error
  }
  if (!stat.isDirectory()) throw refuse(stat.isFile() ? 'It is a file' : 'It is not a directory')
}

/** True when the path exists as a symbolic link. */
export function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink()
  } catch {
    return false
  }
}
