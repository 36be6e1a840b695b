import { failed, usage } from '../lib/errors.js'
import type { BakeRequest } from './request.js'

/**
 * A client of Rosco's REST API, on Node's fetch: start a bake, poll its status,
 * read the result or the logs. Every failure is a GalleyError that says what to check.
 */
export interface BakeStatus {
  id: string
  state: string
  result?: string | null
  resource_id?: string | null
}

export interface Bake {
  id?: string
  ami?: string
  image_name?: string
  artifact?: unknown
  [key: string]: unknown
}

export interface RoscoClientOptions {
  /** Per HTTP request. */
  requestTimeoutMs?: number
}

const FINAL = new Set(['COMPLETED', 'CANCELED', 'CANCELLED'])
export const isFinal = (status: BakeStatus) => FINAL.has(String(status.state).toUpperCase())
export const succeeded = (status: BakeStatus) => String(status.state).toUpperCase() === 'COMPLETED' && String(status.result).toUpperCase() === 'SUCCESS'

export function roscoBaseUrl(text: string): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw usage(`--rosco "${text}" is not a URL`, { code: 'BAD_ROSCO_URL', remediation: 'Give Rosco\'s base URL, e.g. http://localhost:8087 (kubectl port-forward svc/spin-rosco 8087).' })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usage(`--rosco "${text}" is not an http(s) URL`, { code: 'BAD_ROSCO_URL', remediation: 'e.g. http://localhost:8087' })
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/'
  return url
}

export class RoscoClient {
  private readonly timeoutMs: number

  constructor(readonly base: URL, options: RoscoClientOptions = {}) {
    this.timeoutMs = options.requestTimeoutMs ?? 30_000
  }

  bake(region: string, request: BakeRequest, rebake: boolean): Promise<BakeStatus> {
    return this.call('POST', `api/v1/${enc(region)}/bake${rebake ? '?rebake=1' : ''}`, request) as Promise<BakeStatus>
  }

  status(region: string, statusId: string): Promise<BakeStatus> {
    return this.call('GET', `api/v1/${enc(region)}/status/${enc(statusId)}`) as Promise<BakeStatus>
  }

  result(region: string, bakeId: string): Promise<Bake> {
    return this.call('GET', `api/v1/${enc(region)}/bake/${enc(bakeId)}`) as Promise<Bake>
  }

  /** Rosco's logs of a bake, as text (it answers `{logsContent}`; plain text is taken as is). */
  async logs(region: string, statusId: string): Promise<string> {
    const body = await this.call('GET', `api/v1/${enc(region)}/logs/${enc(statusId)}`)
    if (typeof body === 'string') return body
    const content = (body as Record<string, unknown> | null)?.logsContent ?? (body as Record<string, unknown> | null)?.logs_content
    return typeof content === 'string' ? content : JSON.stringify(body, null, 2)
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = new URL(path, this.base)
    let response: Response
    try {
      response = await fetch(url, {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      })
    } catch (error) {
      throw connectionError(error, method, url, this.timeoutMs)
    }
    const text = await response.text().catch(() => '')
    if (!response.ok) {
      const why = errorMessage(text)
      throw failed(`Rosco answered ${method} ${url.pathname}${url.search} with HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${why ? `: ${why}` : ''}`, {
        code: 'ROSCO_HTTP',
        remediation: response.status === 404 ? 'Check the URL (Rosco\'s API is under /api/v1/) and the region.' : response.status >= 500 ? 'Rosco failed: see its logs (kubectl logs deploy/spin-rosco).' : 'Check the request: base image, provider and account must be configured in that Rosco.',
        data: { status: response.status, body: text.slice(0, 2000) },
      })
    }
    try {
      return text === '' ? null : JSON.parse(text)
    } catch {
      return text
    }
  }
}

const enc = encodeURIComponent

function errorMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as Record<string, unknown>
    const message = body.message ?? body.error
    if (typeof message === 'string') return message
  } catch {
    // not JSON
  }
  return text.trim().split('\n')[0]?.slice(0, 300) || undefined
}

function connectionError(error: unknown, method: string, url: URL, timeoutMs: number) {
  const err = error as Error & { cause?: NodeJS.ErrnoException & { errors?: NodeJS.ErrnoException[] } }
  const code = err.cause?.code ?? err.cause?.errors?.[0]?.code
  const where = `${url.protocol}//${url.host}`
  if (err.name === 'TimeoutError' || err.name === 'AbortError') {
    return failed(`Rosco at ${where} did not answer ${method} ${url.pathname} within ${Math.round(timeoutMs / 1000)}s`, {
      code: 'ROSCO_TIMEOUT',
      remediation: 'Check that Rosco is healthy (GET /health), then try again.',
    })
  }
  const reasons: Record<string, [string, string]> = {
    ECONNREFUSED: ['connection refused', 'Is Rosco running, and is the port right (Rosco listens on 8087)? For a cluster: kubectl port-forward svc/spin-rosco 8087.'],
    ENOTFOUND: ['host not found', 'Check the host name in --rosco.'],
    EAI_AGAIN: ['host name lookup failed', 'Check the host name in --rosco and the network.'],
    ECONNRESET: ['the connection was reset', 'Check that --rosco points at Rosco (http, not https, unless TLS is set up).'],
    EHOSTUNREACH: ['host unreachable', 'Check the network route to Rosco.'],
    ETIMEDOUT: ['connection timed out', 'Check the network route to Rosco and its firewall.'],
  }
  const [reason, remediation] = reasons[code ?? ''] ?? [err.cause?.message ?? err.message, 'Check --rosco and that Rosco is reachable from here.']
  return failed(`cannot reach Rosco at ${where}: ${reason}`, { code: `ROSCO_${code ?? 'UNREACHABLE'}`, remediation, data: { url: url.href } })
}
