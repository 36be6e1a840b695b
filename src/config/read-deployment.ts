import { YamlEditor } from './edit.js'
import { assertEditable, deploymentInFile, openConfigFile, type ConfigFile } from './files.js'
import { selectDeployment, type DeploymentRef } from './halconfig.js'
import { editorFor } from './service.js'
import type { ParsedYaml } from './source.js'
import { readHalconfig, type LoadedHalconfig } from './store.js'

export interface ReadDeployment {
  loaded: LoadedHalconfig
  deployment: DeploymentRef
  /** With --file: the file as read (its kind, its document). */
  opened?: ConfigFile
}

/** Reads one deployment for commands that only look: from the hal directory, or from --file. */
export function readDeployment(halDir: string, deployment?: string, file?: string): ReadDeployment {
  if (file !== undefined) {
    const opened = openConfigFile(file)
    assertEditable(opened)
    const parsed: ParsedYaml = opened.parsed
    return { loaded: { halDir, file, exists: true, parsed }, deployment: deploymentInFile(opened, deployment), opened }
  }
  const loaded = readHalconfig(halDir)
  return { loaded, deployment: selectDeployment(loaded.parsed, deployment) }
}

/** An editor over what a command reads (for a SpinnakerService, the merged view of config and profiles.rosco). */
export function lookingEditor(read: ReadDeployment): YamlEditor {
  const { parsed, file } = read.loaded
  if (!read.opened) return new YamlEditor(parsed.text, file, parsed)
  return editorFor(read.opened.detected.kind, parsed.text, file, parsed, read.opened.format)
}
