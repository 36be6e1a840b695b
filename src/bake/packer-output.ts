/**
 * Reading Packer 1.6's human output (`-color=false`): the errors of `packer validate` and where a
 * failed build stopped. The image a build made is each provider's to read (packer.bakedImage).
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

export type { BakedImage } from '../model/provider.js'
