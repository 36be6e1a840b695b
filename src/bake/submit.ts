import { crypto } from '../lib/crypto.js'
import { ExitCode, GalleyError, failed } from '../lib/errors.js'
import { STOP_SIGNALS, interruptedError, type StopSignal } from '../lib/process-group.js'
import { addSecretValues, isSecretName } from '../lib/redact.js'
import { formatDuration } from '../lib/duration.js'
import type { BakeRequest } from '../model/bake-request.js'
import { RequestStopped, RoscoClient, isFinal, succeeded, type Bake, type BakeStatus } from './rosco-client.js'

/**
 * A bake on a running Rosco: start it (`rebake` forces a new one where Rosco would hand back an
 * earlier bake with the same bake key), poll its status until it is over, then fetch the result
 * or the logs. A timeout or a stop signal ends the wait; whether the bake is cancelled in Rosco
 * too is the caller's choice (`shouldCancel`), and only ever for a bake this run started.
 */
export interface SubmitOptions {
  rosco: URL
  region: string
  request: BakeRequest
  rebake: boolean
  pollMs: number
  /** Stop waiting after this long. */
  timeoutMs: number
  /** Read Rosco's logs at each poll, for their last line (the live status line). */
  followLogs?: boolean
  onStarted?: (started: Started) => void
  onStatus?: (status: BakeStatus, elapsedMs: number, lastLogLine?: string) => void
  /** The wait ends early (timeout, signal) while the bake runs: cancel it in Rosco too? */
  shouldCancel?: (why: StopReason, status: BakeStatus) => Promise<boolean> | boolean
  onCancelling?: (status: BakeStatus) => void
}

export type StopReason = 'timeout' | StopSignal

export interface Started {
  status: BakeStatus
  requestId: string
  /** Rosco handed back an earlier bake with the same bake key instead of starting one. */
  reused: boolean
}

export interface SubmitResult {
  rosco: string
  region: string
  rebake: boolean
  /** The request as sent, with the request id galley chose. */
  request: BakeRequest & { request_id: string }
  /** True when Rosco returned an earlier bake (running or done) instead of baking. */
  reused: boolean
  status: BakeStatus
  bake: Bake
}

const LOG_TAIL = 40
/** How long a cancel request may take once the command is stopping. */
const CANCEL_TIMEOUT_MS = 10_000

/**
 * What Rosco's bake key leaves out (rosco-core CloudProviderBakeHandler.groovy:85-111 and the
 * provider's account name): requests differing only in these get the earlier bake back.
 */
export const NOT_IN_BAKE_KEY = 'image suffix (ami_suffix), --upgrade, extended attributes, build host and build info URL'

export async function submitBake(options: SubmitOptions): Promise<SubmitResult> {
  // Rosco's logs echo what it was sent: the secrets of the request are redacted wherever they come back.
  addSecretValues(Object.entries(options.request.extended_attributes ?? {}).filter(([key]) => isSecretName(key)).map(([, value]) => value))
  const client = new RoscoClient(options.rosco)
  // Rosco takes the request's request_id as the bake's (and status's) id (BakeryController.groovy:193,
  // JobExecutorLocal.groovy:56,143). An answer with another id is an earlier bake Rosco handed back.
  const requestId = crypto().randomUUID()
  const request = { ...options.request, request_id: requestId }
  const stop = watchStopSignals()
  const started = Date.now()
  let status: BakeStatus | undefined
  let reused = false
  try {
    try {
      status = await client.bake(options.region, request, options.rebake, stop.signal)
    } catch (error) {
      // Stopped while Rosco was starting it: it may run under our id.
      if (error instanceof RequestStopped) throw await stopWaiting(options, client, stop.reason!, { id: requestId, state: 'RUNNING' }, false, started)
      throw error
    }
    if (!status?.id) {
      throw failed('Rosco accepted the bake but its answer has no status id', { code: 'ROSCO_PROTOCOL', data: { answer: status } })
    }
    reused = status.id !== requestId
    options.onStarted?.({ status, requestId, reused })
    options.onStatus?.(status, 0)

    while (!isFinal(status)) {
      const elapsed = Date.now() - started
      if (stop.reason) throw await stopWaiting(options, client, stop.reason, status, reused, started)
      if (elapsed >= options.timeoutMs) throw await stopWaiting(options, client, 'timeout', status, reused, started)
      await stop.sleep(Math.min(options.pollMs, Math.max(0, options.timeoutMs - elapsed)))
      if (stop.reason) continue
      try {
        status = await client.status(options.region, status.id, stop.signal)
        const logs = options.followLogs && !isFinal(status) ? await client.logsIfAny(options.region, status.id, stop.signal) : undefined
        options.onStatus?.(status, Date.now() - started, lastLine(logs))
      } catch (error) {
        if (error instanceof RequestStopped) continue
        throw forgotten(error, status.id)
      }
    }

    if (!succeeded(status)) {
      const logs = await client.logsIfAny(options.region, status.id).catch((error: Error) => `(the logs could not be read: ${error.message})`)
      const tail = logs === undefined ? 'Rosco has no logs for it.' : `Rosco's logs (last ${LOG_TAIL} lines):\n${logs.trimEnd().split('\n').slice(-LOG_TAIL).join('\n')}`
      throw failed(`Rosco's bake ${status.id} ended ${stateOf(status)}: it failed or was cancelled`, {
        code: 'ROSCO_BAKE_FAILED',
        detail: tail,
        remediation: 'Reproduce it here with hal bake validate (offline) or hal bake test (a real build) and the same flags.',
        data: { status, logs: logs ?? null, reused },
      })
    }
    const bakeId = status.resource_id ?? status.id
    const bake = await client.result(options.region, bakeId)
    return { rosco: options.rosco.href, region: options.region, rebake: options.rebake, request, reused, status, bake }
  } finally {
    stop.dispose()
  }
}

/**
 * Rosco answers an unknown status id with HTTP 400 (BakeryController.groovy:229-235): during a
 * wait that means Rosco no longer holds the bake (its store was flushed, or the bake deleted).
 */
function forgotten(error: unknown, id: string): unknown {
  if (!(error instanceof GalleyError) || error.data?.status !== 400) return error
  return failed(`Rosco no longer knows bake ${id}: ${error.message}`, {
    code: 'ROSCO_BAKE_UNKNOWN',
    remediation: 'Its record in Rosco\'s store is gone (Redis flushed, or the bake deleted): submit it again.',
    data: error.data,
  })
}

export const stateOf = (status: BakeStatus) => `${status.state}${status.result ? `/${status.result}` : ''}`

/** The last line with something on it. */
function lastLine(text: string | undefined): string | undefined {
  if (!text) return undefined
  const lines = text.split(/\r?\n/)
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i].trim()) return lines[i].trim()
  return undefined
}

/**
 * The wait ended before the bake did. The bake is cancelled in Rosco when the caller says so,
 * never when Rosco handed back an earlier bake (someone else's, a pipeline's perhaps).
 */
async function stopWaiting(options: SubmitOptions, client: RoscoClient, why: StopReason, status: BakeStatus, reused: boolean, started: number): Promise<GalleyError> {
  const api = (path: string) => new URL(`api/v1/${encodeURIComponent(options.region)}/${path}/${encodeURIComponent(status.id)}`, options.rosco).href
  const elapsed = formatDuration(Date.now() - started)
  let outcome: string
  let cancelled = false
  let remediation = `Follow it with GET ${api('status')}; cancel it with GET ${api('cancel')}${reused ? '' : ' (or pass --cancel-on-exit)'}.`
  if (reused) {
    outcome = 'it goes on in Rosco: Rosco handed back an earlier identical bake, which galley never cancels (it may be another user\'s or a pipeline\'s)'
  } else if (await options.shouldCancel?.(why, status)) {
    options.onCancelling?.(status)
    try {
      const answer = await Promise.race([
        client.cancel(options.region, status.id),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${CANCEL_TIMEOUT_MS / 1000}s`)), CANCEL_TIMEOUT_MS).unref()),
      ])
      cancelled = true
      outcome = `it was cancelled in Rosco (Rosco: ${answer.trim()})`
      remediation = 'Submit it again when ready.'
    } catch (error) {
      outcome = `cancelling it failed: ${(error as Error).message} (it may have just ended)`
    }
  } else {
    outcome = 'the bake goes on in Rosco'
  }
  const data = { status, reused, cancelled, requestId: status.id }
  if (why === 'timeout') {
    return failed(`Rosco's bake ${status.id} is still ${status.state} after ${elapsed}: stopped waiting; ${outcome}`, {
      code: 'ROSCO_WAIT_TIMEOUT',
      remediation: cancelled ? 'Give it more time with --timeout.' : `${remediation} Or wait longer with --timeout.`,
      data,
    })
  }
  return interruptedError(why, new GalleyError(`interrupted by ${why} while waiting for Rosco's bake ${status.id}; ${outcome}`, ExitCode.FAILED, {
    code: 'ROSCO_WAIT_INTERRUPTED',
    remediation,
    data: { ...data, signal: why },
  }))
}

/**
 * SIGINT, SIGTERM and SIGHUP end the wait (not the process) while a bake is followed, so that
 * the command can cancel the bake and report; the sleep between polls wakes at once.
 */
function watchStopSignals() {
  const controller = new AbortController()
  const wakers = new Set<() => void>()
  const state = { reason: undefined as StopSignal | undefined }
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = () => {
      // A second signal while cancelling ends hal at once.
      if (state.reason) process.exit(signal === 'SIGINT' ? ExitCode.CANCELLED : signal === 'SIGTERM' ? ExitCode.TERMINATED : ExitCode.HANGUP)
      state.reason = signal
      controller.abort()
      for (const wake of wakers) wake()
    }
    process.on(signal, handler)
    return [signal, handler] as const
  })
  return {
    signal: controller.signal,
    get reason() {
      return state.reason
    },
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer)
          wakers.delete(done)
          resolve()
        }
        const timer = setTimeout(done, ms)
        wakers.add(done)
      }),
    dispose: () => {
      for (const [signal, handler] of handlers) process.off(signal, handler)
    },
  }
}
