/**
 * Reading Packer 1.6's human output (`-color=false`): the errors of `packer validate`, where a
 * failed build stopped, and the image a build made, the way Rosco finds it.
 * Pure functions over text.
 */

/**
 * The messages of a failed `packer validate`. Packer lists errors as `* message` items (wrapped
 * at 80 columns: continuation lines are joined back); anything else it prints (a JSON syntax
 * error with its excerpt, a missing file) is one message.
 */
export function validateMessages(output: string): string[] {
  const lines = output.replace(/\r/g, '').split('\n')
  const items: string[] = []
  let current: string[] | undefined
  for (const line of lines) {
    const item = /^\s*\* (.*)$/.exec(line)
    if (item) {
      if (current) items.push(current.join(' '))
      current = [item[1].trim()]
    } else if (current && line.trim() !== '') {
      current.push(line.trim())
    } else if (current) {
      items.push(current.join(' '))
      current = undefined
    }
  }
  if (current) items.push(current.join(' '))
  if (items.length > 0) return items
  const text = output.trim().replace(/^Error:\s*/, '')
  return text === '' ? [] : [text]
}

/** A `==> build: message` step line, as opposed to the output of a provisioner (indented). */
const STEP = /^==> ([^:]+): (.*)$/
/** Step messages that start something (as opposed to a provisioner's stderr, which Packer also prints with ==>). */
const STARTS = /^(Provisioning with|Uploading|Running post-processor|Waiting for|Connected to|Using|Creating|Launching|Deleting|Stopping|Starting|Pausing|Checking|Preparing|Executing|Running|Copying|Importing|Exporting|Building|Downloading|Instance|Image)/

/** The last step Packer started before it failed, e.g. `Provisioning with shell script: ...`. */
export function failingStep(lines: readonly string[]): string | undefined {
  let step: string | undefined
  for (const line of lines) {
    const match = STEP.exec(line)
    if (match && STARTS.test(match[2]) && !/had errors/.test(match[2])) step = match[2]
    if (/^Build '.*' errored/.test(line)) break
  }
  return step
}

/** Packer's own words for why a build failed: `Build 'x' errored after 2s: <why>`. */
export function buildError(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    const match = /^Build '([^']+)' errored(?: after [^:]+)?: (.*)$/.exec(line)
    if (match) return match[2].trim()
  }
  return undefined
}

export interface BakedImage {
  name: string
  /** Oracle: the image's OCID. */
  id?: string
  /** How it was found. */
  from: 'manifest' | 'log'
}

interface Manifest {
  builds?: Array<{ artifact_id?: string; packer_run_uuid?: string }>
  last_run_uuid?: string
}

/**
 * GCE: the manifest's `artifact_id` of the build from the last run, else the last word of the
 * line `googlecompute: A disk image was created: NAME`.
 */
export function gceImage(manifestText: string | undefined, lines: readonly string[]): BakedImage | undefined {
  if (manifestText) {
    try {
      const manifest = JSON.parse(manifestText) as Manifest
      const build = manifest.builds?.find((b) => b.packer_run_uuid === manifest.last_run_uuid)
      if (build?.artifact_id) return { name: build.artifact_id, from: 'manifest' }
    } catch {
      // fall back to the log, as Rosco does
    }
  }
  const line = [...lines].reverse().find((l) => l.includes('googlecompute: A disk image was created'))
  const name = line?.trim().split(/\s+/).at(-1)
  return name ? { name, from: 'log' } : undefined
}

/** Oracle: `oracle-oci: An image was created: 'NAME' (OCID: ocid1.image...) in region ...`. */
export function oracleImage(lines: readonly string[]): BakedImage | undefined {
  const line = [...lines].reverse().find((l) => l.includes('oracle-oci: An image was created:'))
  if (!line) return undefined
  const name = line.split("'")[1]
  const id = /\(OCID: ([^)]+)\)/.exec(line)?.[1]
  return name ? { name, ...(id ? { id } : {}), from: 'log' } : undefined
}
