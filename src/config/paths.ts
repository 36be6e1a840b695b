import { lstatSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { failed } from '../lib/errors.js'
import { checkDirectorySetting, checkEnvironment } from './environment.js'

/** Where the hal directory is: `--hal-dir`, else `$HAL_DIR`, else `~/.hal`. */
export function resolveHalDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  checkEnvironment(env)
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

export const deploymentPaths = (halDir: string, name: string) => {
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
 * Fails with Halyard's complaint when a path that must be a directory is a file.
 * A missing path is fine: it is created when first needed.
 */
export function assertDirectoryOrAbsent(path: string): void {
  let stat
  try {
    stat = statSync(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return
    if (code === 'ENOTDIR') {
      throw failed(`The path ${path} may not be a file: a parent of it is a file.`, {
        code: 'PATH_IS_FILE',
        remediation: 'Move the file out of the way, or point --hal-dir somewhere else.',
        data: { path },
      })
    }
    throw error
  }
  if (!stat.isDirectory()) {
    throw failed(`The path ${path} may not be a file.`, {
      code: 'PATH_IS_FILE',
      remediation: 'It must be a directory. Move the file out of the way, or point --hal-dir somewhere else.',
      data: { path },
    })
  }
}

/** True when the path exists as a symbolic link. */
export function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink()
  } catch {
    return false
  }
}
