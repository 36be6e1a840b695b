import { usage } from '../lib/errors.js'

/**
 * A test bake on a disposable machine: the template's builders are replaced by one `null`
 * builder that connects over SSH, so its provisioners (files, scripts, environment) run for
 * real without a cloud account.
 */
export interface SshTarget {
  user: string
  host: string
  port: number
}

/** `ssh://USER@HOST[:PORT]`; exit 2 with the expected form when it is anything else. */
export function parseSshTarget(text: string): SshTarget {
  const bad = (why: string) =>
    usage(`--target "${text}" ${why}`, { code: 'BAD_TARGET', remediation: 'Write it as ssh://USER@HOST or ssh://USER@HOST:PORT, e.g. ssh://ubuntu@10.0.0.5:22.' })
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw bad('is not a URL')
  }
  if (url.protocol !== 'ssh:') throw bad(`uses ${url.protocol.replace(/:$/, '')}, not ssh`)
  if (!url.username) throw bad('has no user')
  if (url.password) throw bad('holds a password: use --ssh-key')
  if (!url.hostname) throw bad('has no host')
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash) throw bad('has a path or query')
  const port = url.port === '' ? 22 : Number(url.port)
  return { user: decodeURIComponent(url.username), host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port }
}

/** Post-processors that work without a cloud artifact; the rest would fail on a null build. */
const KEPT_POST_PROCESSORS = new Set(['manifest', 'shell-local', 'checksum'])

export interface Retargeted {
  template: Record<string, unknown>
  /** The builder the null builder stands in for (its name, so only/except filters still match). */
  replaced: string
  /** Post-processors left out, by type. */
  droppedPostProcessors: string[]
}

type PostProcessor = string | { type?: string; [key: string]: unknown }

/**
 * Rewrites a JSON template for an SSH target. The null builder takes the first builder's name,
 * so provisioners and post-processors restricted with `only`/`except` to it still run.
 */
export function retargetTemplate(template: Record<string, unknown>, target: SshTarget, keyFile: string): Retargeted {
  const builders = Array.isArray(template.builders) ? (template.builders as Array<Record<string, unknown>>) : []
  const original = builders[0] ?? {}
  const replaced = String(original.name ?? original.type ?? 'null')
  const builder: Record<string, unknown> = {
    type: 'null',
    name: replaced,
    communicator: 'ssh',
    ssh_host: target.host,
    ssh_port: target.port,
    ssh_username: target.user,
    ssh_private_key_file: keyFile,
  }
  // sudo on some images needs a terminal: keep the template's choice.
  if (original.ssh_pty !== undefined) builder.ssh_pty = original.ssh_pty

  const droppedPostProcessors: string[] = []
  const keep = (pp: PostProcessor) => {
    const type = typeof pp === 'string' ? pp : String(pp?.type ?? '')
    if (KEPT_POST_PROCESSORS.has(type)) return true
    droppedPostProcessors.push(type)
    return false
  }
  const out: Record<string, unknown> = { ...template, builders: [builder] }
  if (Array.isArray(template['post-processors'])) {
    const kept = (template['post-processors'] as Array<PostProcessor | PostProcessor[]>)
      .map((entry) => (Array.isArray(entry) ? entry.filter(keep) : keep(entry) ? entry : undefined))
      .filter((entry) => entry !== undefined && !(Array.isArray(entry) && entry.length === 0))
    if (kept.length > 0) out['post-processors'] = kept
    else delete out['post-processors']
  }
  return { template: out, replaced, droppedPostProcessors }
}
