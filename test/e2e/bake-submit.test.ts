import { createServer, type IncomingMessage, type Server } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { hal, tempHalDir } from '../helpers/hal.js'

// `hal bake submit` talks to Rosco's REST API. Rosco itself cannot run here (a JVM service with
// Redis and a cloud account), so these tests run against a stand-in: a small HTTP server that
// implements the documented API and records what it was sent. It is a test
// double; what it proves is that galley speaks that API, not that a real Rosco bakes.

interface Received {
  method: string
  path: string
  query: string
  body?: any
}

interface Bake {
  statusId: string
  bakeId: string
  polls: number
  request: any
  fails: boolean
}

/** The stand-in Rosco: a bake is RUNNING for two polls, then COMPLETED (SUCCESS, or FAILURE for a package named broken). */
class StandInRosco {
  received: Received[] = []
  private bakes = new Map<string, Bake>()
  private server?: Server
  url = ''

  async start() {
    this.server = createServer((req, res) => this.handle(req).then(([status, body]) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }))
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server!.address() as { port: number }).port}`
  }

  stop() {
    return new Promise((resolve) => this.server?.close(resolve))
  }

  reset() {
    this.received = []
    this.bakes.clear()
  }

  private status(bake: Bake) {
    const done = bake.polls >= 2
    return {
      id: bake.statusId,
      state: done ? 'COMPLETED' : 'RUNNING',
      result: done ? (bake.fails ? 'FAILURE' : 'SUCCESS') : null,
      resource_id: done && !bake.fails ? bake.bakeId : null,
    }
  }

  private async handle(req: IncomingMessage): Promise<[number, unknown]> {
    const url = new URL(req.url!, 'http://x')
    let text = ''
    for await (const chunk of req) text += chunk
    const body = text ? JSON.parse(text) : undefined
    this.received.push({ method: req.method!, path: url.pathname, query: url.search, body })
    let m: RegExpExecArray | null
    if (req.method === 'POST' && (m = /^\/api\/v1\/([^/]+)\/bake$/.exec(url.pathname))) {
      if (!body?.base_os || !body?.cloud_provider_type) return [400, { error: 'Bad Request', message: 'base_os and cloud_provider_type are required' }]
      if (String(body.package).includes('explode')) return [500, { error: 'Internal Server Error', message: 'something broke inside Rosco' }]
      // Rosco hands back an identical earlier bake unless rebake=1.
      const key = JSON.stringify(body)
      const earlier = this.bakes.get(key)
      if (earlier && url.searchParams.get('rebake') !== '1') return [200, this.status(earlier)]
      const n = this.bakes.size + 1
      const bake = { statusId: `status-${n}`, bakeId: `bake-${n}`, polls: 0, request: body, fails: String(body.package).includes('broken') }
      this.bakes.set(key, bake)
      return [200, this.status(bake)]
    }
    const find = (statusId: string) => [...this.bakes.values()].find((b) => b.statusId === statusId)
    if (req.method === 'GET' && (m = /^\/api\/v1\/([^/]+)\/status\/([^/]+)$/.exec(url.pathname))) {
      const bake = find(m[2])
      if (!bake) return [404, { message: `No status ${m[2]}` }]
      bake.polls++
      return [200, this.status(bake)]
    }
    if (req.method === 'GET' && (m = /^\/api\/v1\/([^/]+)\/bake\/([^/]+)$/.exec(url.pathname))) {
      const bake = [...this.bakes.values()].find((b) => b.bakeId === m![2])
      if (!bake) return [404, { message: `No bake ${m[2]}` }]
      const name = `nginx-all-${bake.bakeId}-ubuntu-2204`
      return [200, { id: bake.bakeId, ami: name, image_name: name, artifact: { type: 'gce/image', name, reference: `https://compute.googleapis.com/compute/v1/projects/p/global/images/${name}` } }]
    }
    if (req.method === 'GET' && (m = /^\/api\/v1\/([^/]+)\/logs\/([^/]+)$/.exec(url.pathname))) {
      return [200, { logsContent: "==> googlecompute: Provisioning with shell script: /opt/rosco/config/packer/install_packages.sh\n    googlecompute: E: Unable to locate package broken\nBuild 'googlecompute' errored: Script exited with non-zero exit status: 100" }]
    }
    return [404, { message: 'Not Found' }]
  }
}

const CONFIG = `currentDeployment: default
deploymentConfigurations:
- name: default
  providers:
    google:
      enabled: true
      accounts: [{name: gce-bakery, project: my-bakery-project}]
      bakeryDefaults:
        baseImages:
        - baseImage: {id: ubuntu-2204, packageType: deb}
          virtualizationSettings: {sourceImageFamily: ubuntu-2204-lts}
`

describe('hal bake submit against a stand-in Rosco (test double: Rosco itself cannot run here)', () => {
  const rosco = new StandInRosco()
  beforeAll(() => rosco.start())
  afterAll(() => rosco.stop())
  beforeEach(() => rosco.reset())

  const submit = (...args: string[]) =>
    hal(['bake', 'submit', '--rosco', rosco.url, '--poll-interval', '50ms', '--provider', 'google', '--base-image', 'ubuntu-2204', ...args], { halDir: tempHalDir(CONFIG) })

  it('a successful bake: POSTs the snake_case request, polls until COMPLETED, prints the image', async () => {
    const result = await submit('--package', 'nginx', '--upgrade', '--extended-attribute', 'copy_to=us-east1', '--image-suffix', 'v1')
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toBe('Baked image nginx-all-bake-1-ubuntu-2204 with Rosco bake status-1.\n' +
      'Artifact: {"type":"gce/image","name":"nginx-all-bake-1-ubuntu-2204","reference":"https://compute.googleapis.com/compute/v1/projects/p/global/images/nginx-all-bake-1-ubuntu-2204"}\n')
    expect(result.stderr).toMatch(/Rosco bake status-1: RUNNING \(.*\)\nRosco bake status-1: COMPLETED\/SUCCESS \(.*\)\n/)
    expect(rosco.received.map((r) => `${r.method} ${r.path}${r.query}`)).toEqual([
      'POST /api/v1/global/bake',
      'GET /api/v1/global/status/status-1',
      'GET /api/v1/global/status/status-1',
      'GET /api/v1/global/bake/bake-1',
    ])
    expect(rosco.received[0].body).toEqual({
      cloud_provider_type: 'gce',
      base_os: 'ubuntu-2204',
      package: 'nginx',
      extended_attributes: { copy_to: 'us-east1' },
      upgrade: true,
      ami_suffix: 'v1',
    })
  })

  it('--json prints the status and the bake', async () => {
    const result = await submit('--package', 'nginx', '--region', 'us-central1', '--json')
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.json()).toMatchObject({ region: 'us-central1', rebake: false, status: { id: 'status-1', state: 'COMPLETED', result: 'SUCCESS', resource_id: 'bake-1' }, bake: { image_name: 'nginx-all-bake-1-ubuntu-2204' } })
    expect(rosco.received[0].path).toBe('/api/v1/us-central1/bake')
  })

  it('a failed bake: exit 3 with Rosco\'s logs', async () => {
    const result = await submit('--package', 'broken')
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain("Error: Rosco's bake status-1 ended COMPLETED/FAILURE")
    expect(result.stderr).toContain('googlecompute: E: Unable to locate package broken')
    expect(rosco.received.at(-1)).toMatchObject({ method: 'GET', path: '/api/v1/global/logs/status-1' })
  })

  it('a rebake: sends rebake=1 and gets a new bake where Rosco would hand back the earlier one', async () => {
    const halDir = tempHalDir(CONFIG)
    const args = ['bake', 'submit', '--rosco', rosco.url, '--poll-interval', '50ms', '--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx', '--json']
    const first = await hal(args, { halDir })
    const again = await hal(args, { halDir })
    const rebaked = await hal([...args, '--rebake'], { halDir })
    expect([first, again, rebaked].map((r) => r.exitCode)).toEqual([0, 0, 0])
    expect(again.json().status.id).toBe('status-1')
    expect(rebaked.json().status.id).toBe('status-2')
    expect(rosco.received.filter((r) => r.method === 'POST').map((r) => r.query)).toEqual(['', '', '?rebake=1'])
  })

  it('a request the local halconfig says would fail is not sent (exit 1), unless --no-check', async () => {
    const refused = await submit('--package', 'nginx', '--template-file', 'missing.json')
    expect(refused.exitCode).toBe(1)
    expect(refused.stderr).toContain('The template missing.json (from --template-file) is neither a stock template')
    expect(rosco.received).toEqual([])

    const sent = await submit('--package', 'nginx', '--template-file', 'missing.json', '--no-check')
    expect(sent.exitCode, sent.stderr).toBe(0)
    expect(rosco.received[0].body.template_file_name).toBe('missing.json')
  })

  it('an HTTP error: exit 3 with Rosco\'s message', async () => {
    const result = await submit('--package', 'explode')
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain('Error: Rosco answered POST /api/v1/global/bake with HTTP 500 Internal Server Error: something broke inside Rosco')
    expect(result.stderr).toContain('? Rosco failed: see its logs')
  })

  it('connection refused: exit 3, saying what to check', async () => {
    const closed = new StandInRosco()
    await closed.start()
    await closed.stop()
    const result = await hal(['bake', 'submit', '--rosco', closed.url, '--provider', 'google', '--base-image', 'ubuntu-2204'], { halDir: tempHalDir(CONFIG) })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain(`Error: cannot reach Rosco at ${closed.url}: connection refused`)
    expect(result.stderr).toContain('Rosco listens on 8087')
  })

  it('a bad URL is a usage error (exit 2)', async () => {
    const result = await hal(['bake', 'submit', '--rosco', 'localhost:8087', '--provider', 'google', '--base-image', 'ubuntu-2204'], { halDir: tempHalDir(CONFIG) })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('is not an http(s) URL')
  })
})
