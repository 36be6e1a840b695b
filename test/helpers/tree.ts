import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Everything below a directory, by path: each file's mode and bytes, each directory's mode, each
 * link's target (never followed). Two snapshots are equal only if nothing was written, created,
 * removed, re-linked or chmodded there.
 */
export function treeSnapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name)
      const stat = lstatSync(path)
      const mode = (stat.mode & 0o7777).toString(8)
      if (stat.isSymbolicLink()) out[path] = `-> ${readlinkSync(path)}`
      else if (stat.isDirectory()) {
        out[`${path}/`] = `dir ${mode}`
        walk(path)
      } else out[path] = stat.isFile() ? `${mode} ${readFileSync(path, 'base64')}` : `<special ${stat.mode.toString(8)}>`
    }
  }
  walk(dir)
  return out
}
