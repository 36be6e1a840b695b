import { failed } from '../lib/errors.js'
import { toYaml } from '../lib/render.js'
import type { AccountFile } from './rosco.js'
import { ROSCO_CONFIG_DIR } from './rosco.js'
import type { PackerFile } from './source.js'
import type { GeneratedFile } from './write.js'

/**
 * A kustomize Component for spinnaker-kustomize's layout. There, the `rosco` Deployment mounts
 * the `spinnaker` and `rosco` config maps at /opt/spinnaker/config/ and the overlays add
 * `<service>-local.yml` to each service's config map with `behavior: merge`. The component does
 * the same for rosco-local.yml, puts the deployment's custom packer files in a `rosco-packer`
 * config map and mounts each of them on its own (subPath) inside Rosco's packer directory: the
 * stock templates of Rosco's image stay visible beside them (a directory mount would hide every
 * one the config map does not carry).
 */

/** Kubernetes refuses objects over 1 MiB (etcd's request limit); warn well before. */
export const CONFIGMAP_LIMIT = 1024 * 1024
export const CONFIGMAP_WARN = 900 * 1024

export const PACKER_CONFIGMAP = 'rosco-packer'
export const SECRETS_NAME = 'rosco-secrets'

const KEY = /^[-._a-zA-Z0-9]+$/

/** A config map key for a file of the packer directory: keys cannot hold '/', so nested paths are joined with '__'. */
export function configMapKey(name: string): string {
  const key = name.split('/').join('__')
  if (!KEY.test(key) || key.length > 253) {
    throw failed(`the packer file ${name} cannot be a config map key: keys hold only letters, digits, '-', '_' and '.' (at most 253)`, {
      code: 'BAD_CONFIGMAP_KEY',
      remediation: 'Rename the file in profiles/rosco/packer/ (and the templates that use it).',
      data: { name },
    })
  }
  return key
}

const utf8 = new TextDecoder('utf-8', { fatal: true })
const isText = (content: Buffer) => {
  try {
    utf8.decode(content)
    return true
  } catch {
    return false
  }
}

/** The bytes a file takes in a config map: text as is, anything else base64 (binaryData). */
const storedSize = (key: string, content: Buffer) => key.length + (isText(content) ? content.length : Math.ceil(content.length / 3) * 4)

export interface SizeCheck {
  configMap: string
  bytes: number
}

/** Refuses a config map Kubernetes would refuse; returns a warning when it comes close. */
export function checkSize({ configMap, bytes }: SizeCheck, what: string): string | undefined {
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`
  if (bytes > CONFIGMAP_LIMIT) {
    throw failed(`the ${configMap} ${what} would hold ${kib(bytes)}, over Kubernetes' 1 MiB object limit; nothing was written`, {
      code: 'OBJECT_TOO_LARGE',
      remediation: 'Keep large files out of profiles/rosco/packer/ (have a provisioner download them), or build an image with them instead of mounting them.',
      data: { configMap, bytes },
    })
  }
  if (bytes > CONFIGMAP_WARN) return `the ${configMap} ${what} holds ${kib(bytes)}, close to Kubernetes' 1 MiB object limit.`
  return undefined
}

/** Modes as Kubernetes wants them (decimal integers), with the octal beside them for people. */
const annotateModes = (text: string) =>
  text.replace(/^(\s*(?:- )?(?:defaultMode|mode): )(\d+)$/gm, (_, head: string, value: string) => `${head}${value} # 0${Number(value).toString(8)}`)

export interface KustomizeInput {
  deployment: string
  roscoLocal: string
  roscoLocalMode: number
  packer: readonly PackerFile[]
  accountFiles: readonly AccountFile[]
  secretsDir: string
}

export interface KustomizeOutput {
  files: GeneratedFile[]
  sizes: SizeCheck[]
  warnings: string[]
  /** The Secret the pod needs for the account files: galley never reads them. */
  secret?: { name: string; keys: Array<{ key: string; local: string }> }
}

export function kustomizeComponent(input: KustomizeInput): KustomizeOutput {
  const packer = [...input.packer].sort((a, b) => (a.name < b.name ? -1 : 1))
  const keys = packer.map((file) => ({ file, key: configMapKey(file.name) }))
  const seen = new Map<string, string>()
  for (const { file, key } of keys) {
    const other = seen.get(key)
    if (other !== undefined) {
      throw failed(`the packer files ${other} and ${file.name} would share the config map key ${key}`, {
        code: 'BAD_CONFIGMAP_KEY',
        remediation: 'Rename one of them in profiles/rosco/packer/.',
      })
    }
    seen.set(key, file.name)
  }

  const sizes: SizeCheck[] = [
    { configMap: PACKER_CONFIGMAP, bytes: keys.reduce((sum, { file, key }) => sum + storedSize(key, file.content), 0) },
    { configMap: 'rosco', bytes: storedSize('rosco-local.yml', Buffer.from(input.roscoLocal)) },
  ]
  const warnings = [
    checkSize(sizes[0], 'config map'),
    checkSize(sizes[1], 'config map (rosco-local.yml alone, before the rest of the map)'),
  ].filter((w): w is string => w !== undefined)

  // One Secret key per account file, each mounted once.
  const secretKeys = [...new Map(input.accountFiles.map((f) => [f.key, f.local])).entries()]
    .map(([key, local]) => ({ key, local }))
    .sort((a, b) => (a.key < b.key ? -1 : 1))

  const header = (what: string) =>
    `# ${what} of Halyard deployment ${input.deployment}, generated by galley (hal config generate kustomize).\n# Regenerate instead of editing.\n`

  const configMapGenerator: Record<string, unknown>[] = [{ name: 'rosco', behavior: 'merge', files: ['files/rosco-local.yml'] }]
  if (keys.length > 0) configMapGenerator.push({ name: PACKER_CONFIGMAP, files: keys.map(({ file, key }) => `${key}=packer/${file.name}`) })

  // One mount per file: subPath picks the item's path in the volume. (A subPath mount does not see
  // later edits of the config map; kustomize's hashed name rolls the Deployment on every change.)
  const mounts: Record<string, unknown>[] = keys.map(({ file }) => ({ name: PACKER_CONFIGMAP, mountPath: `${ROSCO_CONFIG_DIR}/${file.name}`, subPath: file.name, readOnly: true }))
  const volumes: Record<string, unknown>[] = []
  if (keys.length > 0) {
    volumes.push({
      name: PACKER_CONFIGMAP,
      configMap: {
        name: PACKER_CONFIGMAP,
        defaultMode: 0o644,
        // Items put nested files in their directories and keep scripts executable.
        items: keys.map(({ file, key }) => ({ key, path: file.name, ...(file.mode === 0o644 ? {} : { mode: file.mode }) })),
      },
    })
  }
  if (secretKeys.length > 0) {
    mounts.push({ name: SECRETS_NAME, mountPath: input.secretsDir, readOnly: true })
    // Group-readable: the pod's fsGroup owns the files and Rosco runs in that group, not as root.
    volumes.push({ name: SECRETS_NAME, secret: { secretName: SECRETS_NAME, defaultMode: 0o440, items: secretKeys.map(({ key }) => ({ key, path: key })) } })
  }
  const patch = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'rosco' },
    spec: { template: { spec: { containers: [{ name: 'rosco', volumeMounts: mounts }], volumes } } },
  }
  // Nothing to mount (no custom files, no account files): no patch at all.
  const patched = mounts.length > 0
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1alpha1',
    kind: 'Component',
    configMapGenerator,
    ...(patched ? { patches: [{ path: 'patches/rosco-deployment.yml' }] } : {}),
  }

  const files: GeneratedFile[] = [
    { path: 'kustomization.yml', content: header('A kustomize Component with the Rosco settings and Packer templates') + toYaml(kustomization), mode: 0o644 },
    { path: 'files/rosco-local.yml', content: input.roscoLocal, mode: input.roscoLocalMode },
    ...(patched ? [{ path: 'patches/rosco-deployment.yml', content: header('Mounts for the rosco Deployment') + annotateModes(toYaml(patch)), mode: 0o644 }] : []),
    ...packer.map((file) => ({ path: `packer/${file.name}`, content: file.content, mode: file.mode })),
  ]
  return { files, sizes, warnings, secret: secretKeys.length > 0 ? { name: SECRETS_NAME, keys: secretKeys } : undefined }
}
