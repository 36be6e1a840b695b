import { failed } from '../lib/errors.js'
import { addSecretValues, isSecretName } from '../lib/redact.js'
import type { BakeRequest } from './request.js'
import { RoscoClient, isFinal, succeeded, type Bake, type BakeStatus } from './rosco-client.js'

/**
 * A bake on a running Rosco: start it (`rebake` forces a new one where Rosco would hand back an
 * earlier identical bake), poll its status until it is over, then fetch the result or the logs.
 */
export interface SubmitOptions {
  rosco: URL
  region: string
  request: BakeRequest
  rebake: boolean
  pollMs: number
  /** Stop waiting after this long (the bake itself goes on in Rosco). */
  timeoutMs: number
  onStatus?: (status: BakeStatus, elapsedMs: number) => void
  sleep?: (ms: number) => Promise<void>
}

export interface SubmitResult {
  rosco: string
  region: string
  rebake: boolean
  request: BakeRequest
  status: BakeStatus
  bake: Bake
}

const LOG_TAIL = 40

export async function submitBake(options: SubmitOptions): Promise<SubmitResult> {
  // Rosco's logs echo what it was sent: the secrets of the request are redacted wherever they come back.
  addSecretValues(Object.entries(options.request.extended_attributes ?? {}).filter(([key]) => isSecretName(key)).map(([, value]) => value))
  const client = new RoscoClient(options.rosco)
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const started = Date.now()
  let status = await client.bake(options.region, options.request, options.rebake)
  if (!status?.id) {
    throw failed('Rosco accepted the bake but its answer has no status id', { code: 'ROSCO_PROTOCOL', data: { answer: status } })
  }
  options.onStatus?.(status, 0)
  while (!isFinal(status)) {
    const elapsed = Date.now() - started
    if (elapsed >= options.timeoutMs) {
      throw failed(`Rosco's bake ${status.id} is still ${status.state} after ${Math.round(elapsed / 1000)}s: stopped waiting (the bake goes on in Rosco)`, {
        code: 'ROSCO_WAIT_TIMEOUT',
        remediation: `Follow it with GET ${new URL(`api/v1/${options.region}/status/${status.id}`, options.rosco).href}, or wait longer with --timeout.`,
        data: { status },
      })
    }
    await sleep(Math.min(options.pollMs, Math.max(0, options.timeoutMs - elapsed)))
    status = await client.status(options.region, status.id)
    options.onStatus?.(status, Date.now() - started)
  }

  if (!succeeded(status)) {
    const logs = await client.logs(options.region, status.id).catch((error: Error) => `(the logs could not be read: ${error.message})`)
    const tail = logs.trimEnd().split('\n').slice(-LOG_TAIL).join('\n')
    throw failed(`Rosco's bake ${status.id} ended ${status.state}${status.result ? `/${status.result}` : ''}`, {
      code: 'ROSCO_BAKE_FAILED',
      detail: `Rosco's logs (last ${LOG_TAIL} lines):\n${tail}`,
      remediation: 'Reproduce it here with hal bake validate (offline) or hal bake test (a real build) and the same flags.',
      data: { status, logs },
    })
  }
  const bakeId = status.resource_id ?? status.id
  const bake = await client.result(options.region, bakeId)
  return { rosco: options.rosco.href, region: options.region, rebake: options.rebake, request: options.request, status, bake }
}
