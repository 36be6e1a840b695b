import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'

/**
 * A test double of Rosco's bakery API. Rosco itself cannot run here (a JVM service with Redis and
 * a cloud account), so this small HTTP server answers as rosco-web's BakeryController does, rule
 * by rule. Each rule names the source it follows, read at spinnaker/rosco 030f7b6c (paths under
 * rosco-web/src/main/groovy/com/netflix/spinnaker/rosco/ and rosco-core/src/main/groovy/com/
 * netflix/spinnaker/rosco/) and spinnaker/kork a7b6fdea for the HTTP status of errors.
 *
 * What is the double's own: a bake moves on when its status is polled, not on a clock (Rosco's
 * BakePoller updates it every few seconds), so tests are deterministic; what a bake does is
 * chosen by its first package's name (see `script`); Packer's output is made up.
 */

export interface Received {
  method: string
  path: string
  query: string
  body?: any
  /** The HTTP status the double answered with. */
  status?: number
}

type State = 'RUNNING' | 'COMPLETED' | 'CANCELED'
type Result = 'SUCCESS' | 'FAILURE' | null

interface BakeRecord {
  id: string
  key: string | undefined
  region: string
  request: any
  account: { name: string; project?: string }
  imageName: string
  state: State
  result: Result
  polls: number
  logs: string
  details?: Record<string, unknown>
  script: Script
}

/**
 * How a bake behaves, by its first package's name:
 * - `slow`: runs until it is cancelled;
 * - `broken`: Packer fails at the third poll;
 * - `packer-error`: Packer fails at once, before Rosco answers the POST;
 * - `noimage`: succeeds, but Packer's output names no image;
 * - `vanish`: Rosco's store has lost it by the first poll (a flushed Redis);
 * - `explode`: Rosco fails with HTTP 500;
 * - `echo`: Packer's output repeats the extended attributes' values (as a provisioner printing them would), then it succeeds;
 * - anything else: succeeds at the third poll.
 * Packer's first output appears at the second poll: until then the logs are 404, as in Rosco.
 */
type Script = 'slow' | 'broken' | 'packer-error' | 'noimage' | 'vanish' | 'explode' | 'echo' | 'ok'

const SCRIPTS: Script[] = ['slow', 'broken', 'packer-error', 'noimage', 'vanish', 'explode', 'echo']

export interface RoscoSetup {
  /** Per provider: the accounts (the first is the default) and the base images' ids. */
  gce: { accounts: Array<{ name: string; project: string }>; baseImages: string[] }
  oracle: { accounts: Array<{ name: string }>; baseImages: string[] }
}

export const DEFAULT_SETUP: RoscoSetup = {
  gce: { accounts: [{ name: 'gce-bakery', project: 'my-bakery-project' }, { name: 'gce-other', project: 'other-project' }], baseImages: ['ubuntu-2204'] },
  oracle: { accounts: [{ name: 'oci-bakery' }], baseImages: ['ubuntu20'] },
}

class HttpError extends Error {
  constructor(readonly status: 400 | 404 | 500, message: string) {
    super(message)
  }
}

const REASONS = { 400: 'Bad Request', 404: 'Not Found', 500: 'Internal Server Error' } as const

export class RoscoTestDouble {
  received: Received[] = []
  private bakes = new Map<string, BakeRecord>()
  /** Bake key -> bake id: the bake key hash of RedisBackedBakeStore. */
  private byKey = new Map<string, string>()
  private server?: Server
  url = ''

  constructor(private readonly setup: RoscoSetup = DEFAULT_SETUP) {}

  async start() {
    this.server = createServer((req, res) => {
      const answered = (status: number) => {
        const entry = this.received.at(-1)
        if (entry && entry.status === undefined) entry.status = status
      }
      this.handle(req).then(
        ([status, body]) => {
          answered(status)
          // A controller method returning a String answers text (cancelBake); the rest JSON.
          if (typeof body === 'string') res.writeHead(status, { 'content-type': 'text/plain;charset=UTF-8' }).end(body)
          else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
        },
        (error: Error) => {
          const status = error instanceof HttpError ? error.status : 500
          answered(status)
          // kork ErrorConfiguration.groovy:39-44: Spring's error attributes without the path.
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ timestamp: new Date().toISOString(), status, error: REASONS[status], message: error.message }))
        },
      )
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server!.address() as { port: number }).port}`
  }

  stop() {
    return new Promise((resolve) => {
      this.server?.closeAllConnections()
      this.server?.close(resolve)
    })
  }

  reset() {
    this.received = []
    this.bakes.clear()
    this.byKey.clear()
  }

  /** The bakes Rosco started, in order. */
  started(): Array<{ id: string; state: State; result: Result; request: any }> {
    return [...this.bakes.values()].map(({ id, state, result, request }) => ({ id, state, result, request }))
  }

  bake(id: string): BakeRecord | undefined {
    return this.bakes.get(id)
  }

  private async handle(req: IncomingMessage): Promise<[number, unknown]> {
    const url = new URL(req.url!, 'http://x')
    let text = ''
    for await (const chunk of req) text += chunk
    let body: any
    try {
      body = text ? JSON.parse(text) : undefined
    } catch {
      // Spring: an unreadable body is 400.
      this.received.push({ method: req.method!, path: url.pathname, query: url.search, body: text })
      throw new HttpError(400, 'JSON parse error')
    }
    this.received.push({ method: req.method!, path: url.pathname, query: url.search, body })
    let m: RegExpExecArray | null
    if (req.method === 'POST' && (m = /^\/api\/v1\/([^/]+)\/bake$/.exec(url.pathname))) return [200, this.createBake(decodeURIComponent(m[1]), body ?? {}, url.searchParams.get('rebake') ?? '0')]
    if (req.method === 'GET' && (m = /^\/api\/v1\/([^/]+)\/status\/([^/]+)$/.exec(url.pathname))) return [200, this.lookupStatus(decodeURIComponent(m[2]))]
    if (req.method === 'GET' && (m = /^\/api\/v1\/([^/]+)\/bake\/([^/]+)$/.exec(url.pathname))) return [200, this.lookupBake(decodeURIComponent(m[2]))]
    if (req.method === 'GET' && (m = /^\/api\/v1\/([^/]+)\/logs\/([^/]+)$/.exec(url.pathname))) return [200, this.lookupLogs(decodeURIComponent(m[2]))]
    if (req.method === 'GET' && (m = /^\/api\/v1\/([^/]+)\/cancel\/([^/]+)$/.exec(url.pathname))) return [200, this.cancelBake(decodeURIComponent(m[2]))]
    throw new HttpError(404, 'No message available')
  }

  /** BakeryController.groovy:150-223 (createBake). */
  private createBake(region: string, request: any, rebake: string): unknown {
    // :156-160 and :60: no cloud_provider_type means the default, aws; :221: no handler for it here.
    const provider = request.cloud_provider_type ?? 'aws'
    if (provider !== 'gce' && provider !== 'oracle') throw new HttpError(400, `Unknown provider type '${provider}'.`)
    const setup = this.setup[provider as 'gce' | 'oracle']
    const script = scriptOf(request)
    if (script === 'explode') throw new HttpError(500, 'something broke inside Rosco')
    const account = resolveAccount(provider, setup.accounts, request.account_name)
    const key = produceBakeKey(request, account.name)

    if (rebake === '1') {
      // :170-177: the earlier bake's key is deleted and, still running, it is cancelled
      // (RedisBackedBakeStore.groovy:220-258 sets it CANCELED/FAILURE, its details kept).
      const earlier = this.bakeByKey(key)
      this.byKey.delete(key)
      if (earlier?.state === 'RUNNING') Object.assign(earlier, { state: 'CANCELED', result: 'FAILURE' })
    } else {
      // :179-184 with queryExistingBakes (:338-350): a RUNNING or COMPLETED/SUCCESS bake with the
      // same key is returned as it is; a failed or cancelled one is not.
      const earlier = this.bakeByKey(key)
      if (earlier && (earlier.state === 'RUNNING' || (earlier.state === 'COMPLETED' && earlier.result === 'SUCCESS'))) return statusOf(earlier)
    }

    // :190, produceBakeRecipe: an unknown base image fails here, after the key was checked
    // (GCEBakeHandler.groovy:88-95; CloudProviderBakeHandler.groovy:278-286).
    if (!setup.baseImages.includes(request.base_os)) throw new HttpError(400, `No virtualization settings found for '${request.base_os}'.`)
    // :127-128: a job that failed before the answer, with output, is refused with that output.
    if (script === 'packer-error') {
      throw new HttpError(400, `Build 'googlecompute' errored after 512 milliseconds: googleapi: Error 403: Required 'compute.images.create' permission for 'projects/${account.project ?? ''}'\n==> Builds finished but no artifacts were created.`)
    }
    // :193 and JobExecutorLocal.groovy:56: the job (and status) id is the request's request_id,
    // a fresh UUID unless the client sent one (BakeRequest.groovy:41).
    const id = typeof request.request_id === 'string' && request.request_id ? request.request_id : randomUUID()
    const bake: BakeRecord = {
      id,
      key,
      region,
      request,
      account,
      imageName: imageNameOf(request),
      state: 'RUNNING',
      result: null,
      polls: 0,
      logs: '',
      script,
    }
    this.bakes.set(id, bake)
    this.byKey.set(key, id)
    // :119 and :134-147: the first status, from JobExecutorLocal.updateJob.
    return statusOf(bake)
  }

  private bakeByKey(key: string): BakeRecord | undefined {
    const id = this.byKey.get(key)
    return id === undefined ? undefined : this.bakes.get(id)
  }

  /** :225-236: an unknown id is an IllegalArgumentException, HTTP 400 (kork GenericExceptionHandlers.java:69-79). */
  private lookupStatus(id: string): unknown {
    const bake = this.bakes.get(id)
    if (!bake || bake.script === 'vanish') throw new HttpError(400, `Unable to retrieve status for '${id}'.`)
    this.advance(bake)
    return statusOf(bake)
  }

  /** :238-256: the details exist once the bake completed (BakePoller.groovy:175-182 stores them before the status); else 400. */
  private lookupBake(id: string): unknown {
    const details = this.bakes.get(id)?.details
    if (!details) throw new HttpError(400, `Unable to retrieve bake details for '${id}'.`)
    return details
  }

  /**
   * :258-267: 404 (LogsNotFoundException, :284-286, through kork GenericExceptionHandlers.java:128-166)
   * until the job has written output: the store keeps `{logsContent}` only when there is some
   * (RedisBackedBakeStore.groovy:333, :361).
   */
  private lookupLogs(id: string): unknown {
    const logs = this.bakes.get(id)?.logs
    if (!logs) throw new HttpError(404, `Unable to retrieve logs for '${id}'.`)
    return { logsContent: logs }
  }

  /**
   * :319-336: GET, only for a bake still running: it becomes CANCELED/FAILURE and its key is
   * dropped (RedisBackedBakeStore.groovy:261-289, :502-516); anything else is 400.
   */
  private cancelBake(id: string): unknown {
    const bake = this.bakes.get(id)
    if (!bake || bake.state !== 'RUNNING') throw new HttpError(400, `Unable to locate incomplete bake with id '${id}'.`)
    Object.assign(bake, { state: 'CANCELED', result: 'FAILURE' })
    if (bake.key && this.byKey.get(bake.key) === id) this.byKey.delete(bake.key)
    return `Canceled bake '${id}'.`
  }

  /** The double's clock: each status poll is one step of Packer. */
  private advance(bake: BakeRecord) {
    if (bake.state !== 'RUNNING') return
    bake.polls++
    const builder = bake.request.cloud_provider_type === 'oracle' ? 'oracle-oci' : 'googlecompute'
    if (bake.polls === 2) bake.logs = `==> ${builder}: Creating temporary ssh key for instance...\n==> ${builder}: Waiting for the instance to become ready...\n`
    if (bake.polls === 2 && bake.script === 'echo') bake.logs += `    ${builder}: connecting with ${Object.values(bake.request.extended_attributes ?? {}).join(' ')}\n`
    if (bake.script === 'slow') {
      if (bake.polls >= 2) bake.logs += `    ${builder}: still provisioning (${bake.polls})\n`
      return
    }
    if (bake.polls < 3) return
    if (bake.script === 'broken') {
      bake.logs += `==> ${builder}: Provisioning with shell script: /opt/rosco/config/packer/install_packages.sh\n    ${builder}: E: Unable to locate package broken\nBuild '${builder}' errored: Script exited with non-zero exit status: 100\n`
      // JobExecutorLocal.groovy:168-171: a job that exits non-zero is CANCELED/FAILURE.
      Object.assign(bake, { state: 'CANCELED', result: 'FAILURE' })
      return
    }
    if (bake.script !== 'noimage') {
      bake.logs += bake.request.cloud_provider_type === 'oracle'
        ? `==> oracle-oci: Creating image from instance...\n==> oracle-oci: An image was created: '${bake.imageName}' (OCID: ocid1.image.oc1.iad.aaaa${bake.id.slice(0, 8)}) in region 'us-ashburn-1'\n`
        : `==> googlecompute: Creating image...\n==> googlecompute: A disk image was created: ${bake.imageName}\n`
    }
    // JobExecutorLocal.groovy:165-167; BakePoller.groovy:175-182 then stores the scraped details.
    Object.assign(bake, { state: 'COMPLETED', result: 'SUCCESS' })
    bake.details = detailsOf(bake)
  }
}

/** BakeStatus.groovy: id, state, result, resource_id; resource_id is the job id from the start (JobExecutorLocal.groovy:143). */
const statusOf = (bake: BakeRecord) => ({ id: bake.id, state: bake.state, result: bake.result, resource_id: bake.id })

function scriptOf(request: any): Script {
  const first = String(request.package ?? '').trim().split(/\s+/)[0]
  return SCRIPTS.includes(first as Script) ? (first as Script) : 'ok'
}

/**
 * The bake key, CloudProviderBakeHandler.groovy:85-111: 'bake', cloud_provider_type, base_os,
 * base_ami, ami_name, template_file_name, var_file_name (empty ones left out), the packages split on
 * white space and joined with '|' (always there, even ""), the artifacts' references, then the
 * provider's part, the resolved account's name (GCEBakeHandler.groovy:83-85,
 * OCIBakeHandler.java:71-73). Not in it: ami_suffix, upgrade, extended_attributes, build_host,
 * build_info_url (nor account_name as written: only the account it resolves to).
 */
export function produceBakeKey(request: any, accountName: string): string {
  const keys = ['bake', request.cloud_provider_type, request.base_os, request.base_ami, request.ami_name, request.template_file_name, request.var_file_name].filter((v) => v)
  keys.push(request.package ? String(request.package).split(/\s+/).filter(Boolean).join('|') : '')
  if (Array.isArray(request.package_artifacts) && request.package_artifacts.length > 0) keys.push(request.package_artifacts.map((a: any) => a?.reference ?? '').join('|'))
  if (accountName) keys.push(accountName)
  return keys.join(':')
}

/**
 * GCEBakeHandler.groovy:187-198, OCIBakeHandler.java:169-193: the named account, else the first;
 * none is 400. (Oracle's message is a Java string: `$bakeRequest.account_name` stays as written.)
 */
function resolveAccount<A extends { name: string }>(provider: string, accounts: A[], name: string | undefined): A {
  const account = name ? accounts.find((a) => a.name === name) : accounts[0]
  if (!account) throw new HttpError(400, provider === 'gce' ? `Could not resolve Google account: (account_name=${name}).` : 'Could not resolve Oracle account: (account_name=$bakeRequest.account_name).')
  return account
}

/** ImageNameFactory.groovy:54-64, for package names without version: [ami_name ?: first package, "all", ami_suffix ?: epoch millis, base_os]. */
function imageNameOf(request: any): string {
  const first = String(request.package ?? '').trim().split(/\s+/)[0]
  return [request.ami_name || first, 'all', request.ami_suffix || String(Date.now()), request.base_os].filter(Boolean).join('-')
}

/**
 * Bake.groovy's fields as lookupBake shows them. GCE (GCEBakeHandler.groovy:166-185): image_name is
 * the last word of the "A disk image was created" line, `ami` stays null; Oracle
 * (OCIBakeHandler.java:145-167): image_name between the quotes, `ami` the OCID. The artifact:
 * CloudProviderBakeHandler.groovy:124-141 (reference: ami, else image_name), for GCE the image's
 * URL (GCEBakeHandler.groovy:200-210).
 */
function detailsOf(bake: BakeRecord): Record<string, unknown> {
  const oracle = bake.request.cloud_provider_type === 'oracle'
  let imageName: string | null = null
  let ami: string | null = null
  for (const line of bake.logs.split('\n')) {
    if (!oracle && line.includes('googlecompute: A disk image was created')) imageName = line.split(' ').at(-1) ?? null
    if (oracle && line.includes('oracle-oci: An image was created:')) {
      const parts = line.split("'")
      imageName = parts[1]
      ami = /\(OCID: ([^)]+)\)/.exec(parts[2])?.[1] ?? null
    }
  }
  const reference = oracle ? (ami ?? imageName) : `https://compute.googleapis.com/compute/v1/projects/${bake.account.project}/global/images/${imageName}`
  return {
    id: bake.id,
    ami,
    image_name: imageName,
    regions: null,
    artifact: {
      type: `${bake.request.cloud_provider_type}/image`,
      name: bake.imageName,
      location: bake.region,
      reference,
      metadata: { build_info_url: bake.request.build_info_url ?? null, build_number: bake.request.build_number ?? null },
      uuid: bake.id,
    },
  }
}
