import { failed, usage, type GalleyError } from '../lib/errors.js'
import { requestBody } from './request.js'
import type { BakeRequest } from '../model/bake-request.js'

/**
 * A client of Rosco's REST API (rosco-web BakeryController), on Node's fetch: start a bake, poll
 * its status, read the result or the logs, cancel it. Every failure is a GalleyError that says
 * what to check.
 */
export interface BakeStatus {
  id: string
  state: string
  result?: string | null
  resource_id?: string | null
}

/** A GCE bake has `ami` null and `image_name` set; an Oracle bake has both (ami is the OCID). */
export interface Bake {
  id?: string
  ami?: string | null
  image_name?: string | null
  artifact?: unknown
  [key: string]: unknown
}

export interface RoscoClientOptions {
  /** Per HTTP request. */
  requestTimeoutMs?: number
}

/** Rosco's states: RUNNING, then COMPLETED/SUCCESS, or CANCELED/FAILURE for a failed or cancelled bake. */
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

  async bake(region: string, request: BakeRequest & { request_id?: string }, rebake: boolean, signal?: AbortSignal): Promise<BakeStatus> {
    const path = `api/v1/${enc(region)}/bake${rebake ? '?rebake=1' : ''}`
    // The body as requestBody makes it: without the fields Rosco reads from the URL.
    return asStatus(await this.call('POST', path, JSON.parse(requestBody(request)), signal), `POST /${path}`)
  }

  /** An unknown status id is HTTP 400 (an IllegalArgumentException, BakeryController.groovy:235). */
  async status(region: string, statusId: string, signal?: AbortSignal): Promise<BakeStatus> {
    const path = `api/v1/${enc(region)}/status/${enc(statusId)}`
    return asStatus(await this.call('GET', path, undefined, signal), `GET /${path}`)
  }

  result(region: string, bakeId: string): Promise<Bake> {
    return this.call('GET', `api/v1/${enc(region)}/bake/${enc(bakeId)}`) as Promise<Bake>
  }

  /** Rosco's logs of a bake, as text (it answers `{logsContent}`; plain text is taken as is). */
  async logs(region: string, statusId: string, signal?: AbortSignal): Promise<string> {
    const body = await this.call('GET', `api/v1/${enc(region)}/logs/${enc(statusId)}`, undefined, signal)
    if (typeof body === 'string') return body
    const content = (body as Record<string, unknown> | null)?.logsContent ?? (body as Record<string, unknown> | null)?.logs_content
    return typeof content === 'string' ? content : JSON.stringify(body, null, 2)
  }

  /** The logs, or undefined while Rosco has none: it answers 404 until the job has written output (BakeryController.groovy:262-266). */
  async logsIfAny(region: string, statusId: string, signal?: AbortSignal): Promise<string | undefined> {
    try {
      return await this.logs(region, statusId, signal)
    } catch (error) {
      if ((error as GalleyError).data?.status === 404) return undefined
      throw error
    }
  }

  /**
   * Cancels a running bake: `GET /api/v1/{region}/cancel/{statusId}` (BakeryController.groovy:320-336).
   * Rosco answers with a sentence, or HTTP 400 when the bake is not running any more.
   */
  async cancel(region: string, statusId: string): Promise<string> {
    const body = await this.call('GET', `api/v1/${enc(region)}/cancel/${enc(statusId)}`)
    return typeof body === 'string' ? body : JSON.stringify(body)
  }

  private async call(method: string, path: string, body?: unknown, stop?: AbortSignal): Promise<unknown> {
    const url = new URL(path, this.base)
    let response: Response
    const timeout = AbortSignal.timeout(this.timeoutMs)
    try {
      response = await fetch(url, {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: stop ? AbortSignal.any([timeout, stop]) : timeout,
      })
    } catch (error) {
      if (stop?.aborted) throw new RequestStopped()
      throw connectionError(error, method, url, this.timeoutMs)
    }
    const text = await response.text().catch(() => '')
    if (!response.ok) {
      const [why, more] = errorMessage(text)
      throw failed(`Rosco answered ${method} ${url.pathname}${url.search} with HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${why ? `: ${why}` : ''}`, {
        code: 'ROSCO_HTTP',
        // Rosco refuses a bake whose Packer failed at once with HTTP 400 and Packer's output as the message (BakeryController.groovy:127-128).
        detail: more,
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

/** Rosco's answer as a bake status (a JSON object with a string id), or a clear failure saying what came instead. */
function asStatus(body: unknown, request: string): BakeStatus {
  if (body !== null && typeof body === 'object' && !Array.isArray(body) && typeof (body as { id?: unknown }).id === 'string') return body as BakeStatus
  const seen = typeof body === 'string' ? body.trim().split(/\r?\n/)[0].slice(0, 200) : JSON.stringify(body)?.slice(0, 200)
  throw failed(`Rosco's answer to ${request} is not a bake status${seen ? `: ${seen}` : ' (it was empty)'}`, {
    code: 'ROSCO_ANSWER',
    remediation: 'Check that --rosco points at Rosco itself (not a proxy or a login page), and look at Rosco\'s logs.',
  })
}

/** A request given up because the command is stopping (Ctrl-C): not Rosco's fault. */
export class RequestStopped extends Error {
  constructor() {
    super('stopped')
    this.name = 'RequestStopped'
  }
}

const MESSAGE_LINES = 30

/**
 * The first line of Rosco's error (Spring's `{status, error, message}`), and the rest when it
 * has several lines (Packer's output), its last lines only.
 */
function errorMessage(text: string): [string | undefined, string | undefined] {
  let message: string | undefined
  try {
    const body = JSON.parse(text) as Record<string, unknown>
    const found = body.message ?? body.error
    if (typeof found === 'string') message = found
  } catch {
    // not JSON
  }
  const lines = (message ?? text).trim().split(/\r?\n/)
  const first = lines[0]?.slice(0, 300) || undefined
  const rest = lines.slice(1)
  return [first, rest.length > 0 ? rest.slice(-MESSAGE_LINES).join('\n') : undefined]
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
