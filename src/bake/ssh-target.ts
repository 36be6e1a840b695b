import { lookup } from 'node:dns/promises'
import { connect, isIP } from 'node:net'
import { failed, usage, type GalleyError } from '../lib/errors.js'

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

// --- Does the target answer? ----------------------------------------------------------------

/**
 * How long each step of the reachability check may take. Seconds, not Packer's ssh_timeout
 * (minutes): a machine that answers at all does so at once, and one that does not would not
 * answer after a longer wait either.
 */
export const REACH_TIMEOUT_MS = 5_000
/** After a line that is not SSH's, how long the version line may still take (RFC 4253 4.2 allows lines before it). */
const AFTER_OTHER_LINE_MS = 1_000
const MAX_PREAMBLE = 8 * 1024

export interface Reached {
  /** The address connected to. */
  address: string
  /** The server's SSH version line, e.g. `SSH-2.0-OpenSSH_9.2p1 Debian-2`. */
  banner: string
  ms: number
}

/**
 * Checks, before Packer starts, that the target is an SSH server that answers: its name
 * resolves, a TCP connection opens, and the server sends its SSH version line. Each failure
 * says which step failed and what to check (exit 3).
 */
export async function checkSshTarget(target: SshTarget, timeoutMs = REACH_TIMEOUT_MS, stopped: () => boolean = () => false): Promise<Reached> {
  const started = Date.now()
  const where = `${target.host}:${target.port}`
  let address = target.host
  if (isIP(address) === 0) {
    try {
      address = (await withTimeout(lookup(address), timeoutMs)).address
    } catch (error) {
      throw notResolved(target, (error as NodeJS.ErrnoException).code, timeoutMs)
    }
  }
  const at = address === target.host ? where : `${where} (${address})`
  return new Promise<Reached>((resolve, reject) => {
    const socket = connect({ host: address, port: target.port })
    let phase: 'connect' | 'banner' = 'connect'
    let received = ''
    let timer = setTimeout(() => fail(phase === 'connect' ? noAnswer(target, at, timeoutMs) : noBanner(target, at, received, timeoutMs)), timeoutMs)
    // A Ctrl-C during the check ends it at once (the caller's signal guard reports it).
    const watch = setInterval(() => {
      if (stopped()) fail(failed('interrupted while checking the SSH target', { code: 'TARGET_CHECK_INTERRUPTED', remediation: 'Nothing was started; run the command again when ready.' }))
    }, 100)
    const finish = () => {
      clearInterval(watch)
      clearTimeout(timer)
      socket.removeAllListeners()
      socket.on('error', () => {})
      socket.destroy()
    }
    const fail = (error: GalleyError) => {
      finish()
      reject(error)
    }
    socket.once('connect', () => {
      phase = 'banner'
      clearTimeout(timer)
      timer = setTimeout(() => fail(noBanner(target, at, received, timeoutMs)), timeoutMs)
    })
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1')
      const lines = received.split('\n')
      const banner = lines.slice(0, -1).map((l) => l.replace(/\r$/, '')).find((l) => l.startsWith('SSH-'))
      if (banner) {
        finish()
        resolve({ address, banner, ms: Date.now() - started })
        return
      }
      if (received.length > MAX_PREAMBLE) return fail(noBanner(target, at, received, timeoutMs))
      // Something else was said first: the version line may still follow, but not for long.
      if (lines.length > 1 || received.length > 255) {
        clearTimeout(timer)
        timer = setTimeout(() => fail(noBanner(target, at, received, timeoutMs)), AFTER_OTHER_LINE_MS)
      }
    })
    socket.once('end', () => fail(closed(target, at, received)))
    socket.once('close', () => fail(closed(target, at, received)))
    socket.once('error', (error: NodeJS.ErrnoException) => fail(phase === 'connect' ? connectError(target, at, error) : closed(target, at, received)))
  })
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })), ms)
    }),
  ])
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10}s`

/** Never "use a longer timeout": a target that does not answer within seconds is not there. */
const NOT_THE_TIMEOUT = 'Waiting longer would not help.'

function notResolved(target: SshTarget, code: string | undefined, timeoutMs: number): GalleyError {
  if (code === 'ENOTFOUND' || code === 'ENODATA') {
    return failed(`the SSH target's host name ${target.host} does not resolve (no such name in DNS)`, {
      code: 'SSH_TARGET_UNKNOWN_HOST',
      remediation: 'Check the spelling of the host in --target, or give the machine\'s IP address (ssh://USER@10.0.0.5).',
      data: { host: target.host, reason: code },
    })
  }
  return failed(`the SSH target's host name ${target.host} could not be looked up: ${code === 'ETIMEOUT' ? `no answer from DNS within ${seconds(timeoutMs)}` : `DNS failed (${code ?? 'unknown error'})`}`, {
    code: 'SSH_TARGET_DNS_FAILED',
    remediation: 'Check this machine\'s DNS (resolv.conf, VPN), or give the machine\'s IP address in --target.',
    data: { host: target.host, reason: code },
  })
}

/** A connection that failed before it opened. */
export function connectError(target: SshTarget, at: string, error: NodeJS.ErrnoException): GalleyError {
  const data = { host: target.host, port: target.port, reason: error.code }
  switch (error.code) {
    case 'ECONNREFUSED':
      return failed(`the SSH target ${at} refused the connection: the machine answers, but nothing listens on port ${target.port}`, {
        code: 'SSH_TARGET_REFUSED',
        remediation: `Check the port in --target (sshd listens on 22 unless configured otherwise) and that sshd runs on the machine (systemctl status ssh). ${NOT_THE_TIMEOUT}`,
        data,
      })
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return failed(`no route to the SSH target ${at} (${error.code === 'ENETUNREACH' ? 'network unreachable' : 'host unreachable'})`, {
        code: 'SSH_TARGET_NO_ROUTE',
        remediation: `Check the address in --target, that the machine is up, and that this machine's network (subnet, VPN) reaches it. ${NOT_THE_TIMEOUT}`,
        data,
      })
    case 'ETIMEDOUT':
      return noAnswer(target, at, undefined)
    default:
      return failed(`cannot connect to the SSH target ${at}: ${error.message}`, {
        code: 'SSH_TARGET_UNREACHABLE',
        remediation: 'Check the address and port in --target and the network between here and the machine.',
        data,
      })
  }
}

/** Nothing came back to the TCP connection request: dropped by a firewall, or nothing at that address. */
export function noAnswer(target: SshTarget, at: string, timeoutMs: number | undefined): GalleyError {
  return failed(`the SSH target ${at} does not answer: no reply to a TCP connection${timeoutMs ? ` within ${seconds(timeoutMs)}` : ''}`, {
    code: 'SSH_TARGET_NO_ANSWER',
    remediation: `The machine is down, the address is wrong, or a firewall (security group, network ACL) drops the packets: check that it runs and that port ${target.port} is open to this machine. ${NOT_THE_TIMEOUT}`,
    data: { host: target.host, port: target.port, reason: 'timeout' },
  })
}

/** What the server said, for a message: its first line, printable, short. */
function firstWords(received: string): string {
  const line = received.split('\n')[0].replace(/\r$/, '')
  // eslint-disable-next-line no-control-regex
  const shown = line.replace(/[^\x20-\x7e]/g, '.')
  return shown.length > 60 ? `${shown.slice(0, 60)}...` : shown
}

function noBanner(target: SshTarget, at: string, received: string, timeoutMs: number): GalleyError {
  const data = { host: target.host, port: target.port, reason: 'no-banner' }
  if (received.trim()) {
    return failed(`the SSH target ${at} is not an SSH server: it answered "${firstWords(received)}" instead of an SSH version line`, {
      code: 'SSH_TARGET_NOT_SSH',
      remediation: `Port ${target.port} belongs to another service: give sshd's port in --target (ssh://USER@HOST:22).`,
      data,
    })
  }
  return failed(`the SSH target ${at} accepted the connection but sent no SSH version line within ${seconds(timeoutMs)}: it is not an SSH server, or a stuck one`, {
    code: 'SSH_TARGET_NOT_SSH',
    remediation: `Check that port ${target.port} is sshd's (an SSH server speaks first; this one stays silent). If it is sshd, look at its logs on the machine (MaxStartups, a full disk, UseDNS with a slow DNS). ${NOT_THE_TIMEOUT}`,
    data,
  })
}

function closed(target: SshTarget, at: string, received: string): GalleyError {
  if (received.trim()) return noBanner(target, at, received, 0)
  return failed(`the SSH target ${at} closed the connection without an SSH version line`, {
    code: 'SSH_TARGET_CLOSED',
    remediation: 'sshd may turn this address away (tcp wrappers, MaxStartups, a firewall that resets), or the port is another service\'s: see the server\'s logs (journalctl -u ssh).',
    data: { host: target.host, port: target.port, reason: 'closed' },
  })
}
