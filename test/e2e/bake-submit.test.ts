import { execa } from 'execa'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { BIN, ROOT, hal, tempHalDir } from '../helpers/hal.js'
import { RoscoTestDouble } from '../helpers/rosco.js'
import { onTerminal } from './wizard-terminal.js'

// `hal bake submit` talks to Rosco's REST API. Rosco itself cannot run here (a JVM service with
// Redis and a cloud account), so these tests run against the Rosco test double of
// test/helpers/rosco.ts, which answers as Rosco's BakeryController does and names the line of
// Rosco it follows for each rule. What they prove is that galley speaks that API as Rosco
// answers it, not that a real Rosco bakes.

const CONFIG = `currentDeployment: default
deploymentConfigurations:
- name: default
  providers:
    google:
      enabled: true
      accounts:
      - {name: gce-bakery, project: my-bakery-project}
      - {name: gce-other, project: other-project}
      bakeryDefaults:
        baseImages:
        - baseImage: {id: ubuntu-2204, packageType: deb}
          virtualizationSettings: {sourceImageFamily: ubuntu-2204-lts}
`

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const TIMESTAMP = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ'

describe('hal bake submit against the Rosco test double (Rosco itself cannot run here)', () => {
  const rosco = new RoscoTestDouble()
  beforeAll(() => rosco.start())
  afterAll(() => rosco.stop())
  beforeEach(() => rosco.reset())

  const args = (...more: string[]) => ['bake', 'submit', '--rosco', rosco.url, '--poll-interval', '50ms', '--provider', 'google', '--base-image', 'ubuntu-2204', ...more]
  const submit = (...more: string[]) => hal(args(...more), { halDir: tempHalDir(CONFIG) })
  const calls = () => rosco.received.map((r) => `${r.method} ${r.path}${r.query}`)

  it('Rosco test double: a successful bake POSTs the snake_case request with galley\'s request id, polls until COMPLETED/SUCCESS, prints the image; timestamped status lines without a terminal', async () => {
    const result = await submit('--package', 'nginx', '--upgrade', '--extended-attribute', 'copy_to=us-east1', '--image-suffix', 'v1')
    expect(result.exitCode, result.stderr).toBe(0)
    const [bake] = rosco.started()
    expect(bake.id).toMatch(UUID)
    expect(result.stdout).toBe(`Baked image nginx-all-v1-ubuntu-2204 with Rosco bake ${bake.id}.\n` +
      `Artifact: {"type":"gce/image","name":"nginx-all-v1-ubuntu-2204","location":"global","reference":"https://compute.googleapis.com/compute/v1/projects/my-bakery-project/global/images/nginx-all-v1-ubuntu-2204","metadata":{"build_info_url":null,"build_number":null},"uuid":"${bake.id}"}\n`)
    expect(result.stderr).toMatch(new RegExp(`^${TIMESTAMP} Rosco started bake ${bake.id}\\.\n` +
      `${TIMESTAMP} Rosco bake ${bake.id}: RUNNING \\(\\d+ms\\)\n` +
      `${TIMESTAMP} Rosco bake ${bake.id}: COMPLETED/SUCCESS \\([\\d.]+m?s\\)\n$`))
    // Without a terminal the logs are not read while polling (only the live line shows their last line).
    expect(calls()).toEqual([
      'POST /api/v1/global/bake',
      `GET /api/v1/global/status/${bake.id}`,
      `GET /api/v1/global/status/${bake.id}`,
      `GET /api/v1/global/status/${bake.id}`,
      `GET /api/v1/global/bake/${bake.id}`,
    ])
    expect(rosco.received[0].body).toEqual({
      cloud_provider_type: 'gce',
      base_os: 'ubuntu-2204',
      package: 'nginx',
      extended_attributes: { copy_to: 'us-east1' },
      upgrade: true,
      ami_suffix: 'v1',
      request_id: bake.id,
    })
  })

  it('Rosco test double: --json prints only the JSON document: the status (resource_id set), a GCE bake\'s ami null and image_name set, reused false', async () => {
    const result = await submit('--package', 'nginx', '--image-suffix', 'v2', '--region', 'us-central1', '--json')
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr).toBe('')
    const json = result.json()
    const id = rosco.started()[0].id
    expect(json).toMatchObject({
      region: 'us-central1',
      rebake: false,
      reused: false,
      request: { request_id: id },
      status: { id, state: 'COMPLETED', result: 'SUCCESS', resource_id: id },
      bake: { id, ami: null, image_name: 'nginx-all-v2-ubuntu-2204' },
    })
    expect(rosco.received[0].path).toBe('/api/v1/us-central1/bake')
  })

  it('Rosco test double: an Oracle bake shows the image name and its OCID (Rosco\'s ami)', async () => {
    const result = await hal(['bake', 'submit', '--rosco', rosco.url, '--poll-interval', '50ms', '--provider', 'oracle', '--base-image', 'ubuntu20', '--package', 'nginx', '--image-suffix', 'v3', '--no-check'], { halDir: tempHalDir(CONFIG) })
    expect(result.exitCode, result.stderr).toBe(0)
    const id = rosco.started()[0].id
    expect(result.stdout).toContain(`Baked image nginx-all-v3-ubuntu20 (ocid1.image.oc1.iad.aaaa${id.slice(0, 8)}) with Rosco bake ${id}.`)
  })

  it('Rosco test double: a bake whose output names no image says so', async () => {
    const result = await submit('--package', 'noimage')
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toContain("Baked image (no name: Rosco found none in the build's output) with Rosco bake")
  })

  it('Rosco test double: a failed bake is CANCELED/FAILURE: exit 3 with Rosco\'s logs', async () => {
    const result = await submit('--package', 'broken')
    expect(result.exitCode).toBe(3)
    const id = rosco.started()[0].id
    expect(result.stderr).toContain(`Error: Rosco's bake ${id} ended CANCELED/FAILURE: it failed or was cancelled`)
    expect(result.stderr).toContain('googlecompute: E: Unable to locate package broken')
    expect(rosco.received.at(-1)).toMatchObject({ method: 'GET', path: `/api/v1/global/logs/${id}` })
  })

  it('Rosco test double: a bake Packer fails before Rosco answers is HTTP 400 with Packer\'s output: its first line, then the rest', async () => {
    const result = await submit('--package', 'packer-error')
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain("Error: Rosco answered POST /api/v1/global/bake with HTTP 400 Bad Request: Build 'googlecompute' errored after 512 milliseconds: googleapi: Error 403")
    expect(result.stderr).toContain('\n==> Builds finished but no artifacts were created.\n')
  })

  it('Rosco test double: a bake Rosco forgets while galley waits (unknown status id: HTTP 400) is reported as such', async () => {
    const result = await submit('--package', 'vanish')
    expect(result.exitCode).toBe(3)
    const id = rosco.started()[0].id
    expect(result.stderr).toContain(`Error: Rosco no longer knows bake ${id}: Rosco answered GET /api/v1/global/status/${id} with HTTP 400 Bad Request: Unable to retrieve status for '${id}'.`)
    expect(result.stderr).toContain('? Its record in Rosco\'s store is gone')
  })

  it('Rosco test double: a base image that Rosco does not know is HTTP 400 with Rosco\'s message (--no-check)', async () => {
    const result = await hal(['bake', 'submit', '--rosco', rosco.url, '--provider', 'google', '--base-image', 'centos-7', '--package', 'nginx', '--no-check'], { halDir: tempHalDir(CONFIG) })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain("Error: Rosco answered POST /api/v1/global/bake with HTTP 400 Bad Request: No virtualization settings found for 'centos-7'.")
  })

  describe('Rosco\'s bake key: Rosco hands back an earlier bake instead of baking, and galley says so', () => {
    // CloudProviderBakeHandler.groovy:85-111 (rosco 030f7b6c): the key is the provider, base_os,
    // base_ami, ami_name, template_file_name, var_file_name, the packages, the artifacts' references
    // and the resolved account's name (GCEBakeHandler.groovy:83-85); BakeryController.groovy:179-184
    // returns the RUNNING or COMPLETED/SUCCESS bake with that key (queryExistingBakes, :338-350).
    const BASE = ['--package', 'nginx', '--image-suffix', 'v1']

    // Each row: what differs, where Rosco's source shows it is not in the key, the second request.
    it.each([
      ['ami_suffix (--image-suffix)', 'CloudProviderBakeHandler.groovy:87-95 lists no ami_suffix', ['--package', 'nginx', '--image-suffix', 'v2']],
      ['upgrade (--upgrade)', 'CloudProviderBakeHandler.groovy:87-95 lists no upgrade', [...BASE, '--upgrade']],
      ['extended_attributes (--extended-attribute)', 'CloudProviderBakeHandler.groovy:87-95 lists no extended_attributes', [...BASE, '--extended-attribute', 'copy_to=us-east1']],
      ['build_host (--build-host)', 'CloudProviderBakeHandler.groovy:87-95 lists no build_host', [...BASE, '--build-host', 'https://jenkins.example.com/']],
      ['build_info_url (--build-info-url)', 'CloudProviderBakeHandler.groovy:87-95 lists no build_info_url', [...BASE, '--build-info-url', 'https://jenkins.example.com/job/nginx/42/']],
      ['account_name naming the default account (--account gce-bakery)', 'GCEBakeHandler.groovy:83-85,187-191 key the resolved account, the first when none is named', [...BASE, '--account', 'gce-bakery']],
    ])('Rosco test double: a request differing only in %s gets the earlier bake back (%s)', async (_what, _source, second) => {
      const halDir = tempHalDir(CONFIG)
      const first = await hal(args(...BASE), { halDir })
      expect(first.exitCode, first.stderr).toBe(0)
      const again = await hal(args(...second), { halDir })
      expect(again.exitCode, again.stderr).toBe(0)
      const [bake, ...more] = rosco.started()
      expect(more).toEqual([])
      expect(again.stderr).toContain(`Rosco handed back an earlier identical bake, ${bake.id} (COMPLETED/SUCCESS), instead of baking: its bake key ignores the image suffix (ami_suffix), --upgrade, extended attributes, build host and build info URL. --rebake bakes again.`)
      expect(again.stdout).toContain(`Image nginx-all-v1-ubuntu-2204, from Rosco's earlier bake ${bake.id}: no new bake was started for this request.`)
      // The earlier bake was COMPLETED/SUCCESS: nothing to poll.
      expect(calls().slice(-2)).toEqual(['POST /api/v1/global/bake', `GET /api/v1/global/bake/${bake.id}`])
    })

    it.each([
      ['the packages', 'CloudProviderBakeHandler.groovy:98', ['--package', 'nginx', '--package', 'curl', '--image-suffix', 'v1']],
      ['base_ami (--source-image)', 'CloudProviderBakeHandler.groovy:91', [...BASE, '--source-image', 'ubuntu-2204-jammy-v20240101']],
      ['ami_name (--image-name)', 'CloudProviderBakeHandler.groovy:92', [...BASE, '--image-name', 'web']],
      ['template_file_name (--template-file)', 'CloudProviderBakeHandler.groovy:93', [...BASE, '--template-file', 'gce.json']],
      ['the account (--account gce-other)', 'CloudProviderBakeHandler.groovy:104-107, GCEBakeHandler.groovy:83-85', [...BASE, '--account', 'gce-other']],
    ])('Rosco test double: a request differing in %s is a new bake (%s)', async (_what, _source, second) => {
      const halDir = tempHalDir(CONFIG)
      expect((await hal(args(...BASE), { halDir })).exitCode).toBe(0)
      const again = await hal([...args(...second), '--json'], { halDir })
      expect(again.exitCode, again.stderr).toBe(0)
      expect(rosco.started()).toHaveLength(2)
      expect(again.json()).toMatchObject({ reused: false, status: { id: rosco.started()[1].id } })
    })

    it('Rosco test double: an identical request while the first bake runs follows that bake, says so, and never cancels it', async () => {
      const halDir = tempHalDir(CONFIG)
      const first = await hal(args('--package', 'slow', '--timeout', '300ms', '--no-cancel-on-exit'), { halDir })
      expect(first.exitCode).toBe(3)
      const [bake] = rosco.started()
      const again = await hal(args('--package', 'slow', '--upgrade', '--timeout', '300ms', '--cancel-on-exit'), { halDir })
      expect(again.exitCode).toBe(3)
      expect(rosco.started()).toHaveLength(1)
      expect(again.stderr).toContain(`Rosco handed back an earlier identical bake, ${bake.id} (RUNNING), instead of baking`)
      expect(again.stderr).toMatch(new RegExp(`Error: Rosco's bake ${bake.id} is still RUNNING after [\\d.]+m?s: stopped waiting; it goes on in Rosco`))
      expect(again.stderr).toContain(`stopped waiting; it goes on in Rosco: Rosco handed back an earlier identical bake, which galley never cancels (it may be another user's or a pipeline's)`)
      expect(calls().filter((c) => c.includes('/cancel/'))).toEqual([])
      expect(rosco.bake(bake.id)?.state).toBe('RUNNING')
    })

    it('Rosco test double: a failed earlier bake is not handed back: the same request bakes again', async () => {
      const halDir = tempHalDir(CONFIG)
      expect((await hal(args('--package', 'broken'), { halDir })).exitCode).toBe(3)
      expect((await hal(args('--package', 'broken'), { halDir })).exitCode).toBe(3)
      expect(rosco.started().map((b) => `${b.state}/${b.result}`)).toEqual(['CANCELED/FAILURE', 'CANCELED/FAILURE'])
    })

    it('Rosco test double: --rebake sends rebake=1 and gets a new bake; Rosco cancels an earlier one still running', async () => {
      const halDir = tempHalDir(CONFIG)
      expect((await hal(args('--package', 'nginx', '--image-suffix', 'v1'), { halDir })).exitCode).toBe(0)
      const rebaked = await hal([...args('--package', 'nginx', '--image-suffix', 'v1', '--rebake'), '--json'], { halDir })
      expect(rebaked.exitCode, rebaked.stderr).toBe(0)
      expect(rebaked.json()).toMatchObject({ rebake: true, reused: false, status: { id: rosco.started()[1].id } })
      expect(rosco.received.filter((r) => r.method === 'POST').map((r) => r.query)).toEqual(['', '?rebake=1'])

      rosco.reset()
      expect((await hal(args('--package', 'slow', '--timeout', '200ms'), { halDir })).exitCode).toBe(3)
      await hal(args('--package', 'slow', '--timeout', '200ms', '--rebake'), { halDir })
      expect(rosco.started().map((b) => b.state)).toEqual(['CANCELED', 'RUNNING'])
    })
  })

  describe('stopping the wait: --timeout, Ctrl-C, and cancelling the bake in Rosco', () => {
    it('Rosco test double: --timeout with --cancel-on-exit cancels the bake with GET /api/v1/REGION/cancel/ID: exit 3', async () => {
      const result = await submit('--package', 'slow', '--timeout', '300ms', '--cancel-on-exit')
      expect(result.exitCode).toBe(3)
      const [bake] = rosco.started()
      expect(calls()).toContain(`GET /api/v1/global/cancel/${bake.id}`)
      expect(rosco.bake(bake.id)).toMatchObject({ state: 'CANCELED', result: 'FAILURE' })
      expect(result.stderr).toMatch(new RegExp(`Error: Rosco's bake ${bake.id} is still RUNNING after [\\d.]+m?s: stopped waiting; it was cancelled in Rosco \\(Rosco: Canceled bake '${bake.id}'\\.\\)`))
    })

    it('Rosco test double: --timeout without a terminal and without the flag leaves the bake running and says how to follow or cancel it', async () => {
      const result = await submit('--package', 'slow', '--timeout', '300ms')
      expect(result.exitCode).toBe(3)
      const [bake] = rosco.started()
      expect(calls().filter((c) => c.includes('/cancel/'))).toEqual([])
      expect(result.stderr).toContain('stopped waiting; the bake goes on in Rosco')
      expect(result.stderr).toContain(`? Follow it with GET ${rosco.url}/api/v1/global/status/${bake.id}; cancel it with GET ${rosco.url}/api/v1/global/cancel/${bake.id} (or pass --cancel-on-exit). Or wait longer with --timeout.`)
    })

    it('Rosco test double: a cancel Rosco refuses (the bake is no longer running: HTTP 400) is reported, not hidden', async () => {
      // galley polls every 10s here: the bake is cancelled from outside before galley sees it, then
      // Ctrl-C makes galley cancel a bake that is not running any more.
      const slowPolls = ['bake', 'submit', '--rosco', rosco.url, '--poll-interval', '10s', '--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'slow', '--cancel-on-exit']
      const child = execa('node', [BIN, ...slowPolls], { cwd: ROOT, reject: false, env: { NO_COLOR: '1', HAL_DIR: tempHalDir(CONFIG) }, timeout: 20_000 })
      await waitForOutput(child, /RUNNING/)
      const [bake] = rosco.started()
      expect((await fetch(`${rosco.url}/api/v1/global/cancel/${bake.id}`)).status).toBe(200)
      child.kill('SIGINT')
      const result = await child
      expect(result.exitCode).toBe(130)
      expect(result.stderr).toContain(`cancelling it failed: Rosco answered GET /api/v1/global/cancel/${bake.id} with HTTP 400 Bad Request: Unable to locate incomplete bake with id '${bake.id}'. (it may have just ended)`)
    })

    it('Rosco test double: SIGINT to the real bin/run.js with --cancel-on-exit cancels the bake in Rosco, exit 130', async () => {
      const child = execa('node', [BIN, ...args('--package', 'slow', '--cancel-on-exit')], { cwd: ROOT, reject: false, env: { NO_COLOR: '1', HAL_DIR: tempHalDir(CONFIG) }, timeout: 20_000 })
      await waitForOutput(child, /Rosco bake \S+: RUNNING/)
      child.kill('SIGINT')
      const result = await child
      const [bake] = rosco.started()
      expect(result.exitCode, result.stderr).toBe(130)
      expect(calls()).toContain(`GET /api/v1/global/cancel/${bake.id}`)
      expect(rosco.bake(bake.id)).toMatchObject({ state: 'CANCELED', result: 'FAILURE' })
      expect(result.stderr).toContain(`Error: interrupted by SIGINT while waiting for Rosco's bake ${bake.id}; it was cancelled in Rosco (Rosco: Canceled bake '${bake.id}'.)`)
    })

    it('Rosco test double: SIGINT without a terminal and without the flag: exit 130, the bake goes on, no cancel request', async () => {
      const child = execa('node', [BIN, ...args('--package', 'slow')], { cwd: ROOT, reject: false, env: { NO_COLOR: '1', HAL_DIR: tempHalDir(CONFIG) }, timeout: 20_000 })
      await waitForOutput(child, /Rosco bake \S+: RUNNING/)
      child.kill('SIGINT')
      const result = await child
      const [bake] = rosco.started()
      expect(result.exitCode).toBe(130)
      expect(calls().filter((c) => c.includes('/cancel/'))).toEqual([])
      expect(rosco.bake(bake.id)?.state).toBe('RUNNING')
      expect(result.stderr).toContain(`Error: interrupted by SIGINT while waiting for Rosco's bake ${bake.id}; the bake goes on in Rosco`)
    })

    it('Rosco test double: SIGTERM with --cancel-on-exit cancels too, exit 143', async () => {
      const child = execa('node', [BIN, ...args('--package', 'slow', '--cancel-on-exit', '--json')], { cwd: ROOT, reject: false, env: { NO_COLOR: '1', HAL_DIR: tempHalDir(CONFIG) }, timeout: 20_000 })
      // --json shows no progress: wait for the bake to exist in the double.
      await until(() => rosco.started().length === 1 && rosco.received.length >= 2)
      child.kill('SIGTERM')
      const result = await child
      expect(result.exitCode).toBe(143)
      expect(rosco.started()[0]).toMatchObject({ state: 'CANCELED', result: 'FAILURE' })
      expect(JSON.parse(String(result.stdout)).error).toMatchObject({ code: 'ROSCO_WAIT_INTERRUPTED', exitCode: 143, cancelled: true, signal: 'SIGTERM' })
    })
  })

  describe('on a terminal', () => {
    const terminalArgs = (...more: string[]) => ['bake', 'submit', '--rosco', rosco.url, '--poll-interval', '300ms', '--provider', 'google', '--base-image', 'ubuntu-2204', ...more]

    it('Rosco test double: one status line, rewritten in place, with the state, the elapsed time and the last line of Rosco\'s logs', async () => {
      const run = onTerminal(terminalArgs('--package', 'nginx', '--image-suffix', 'tty'), { halDir: tempHalDir(CONFIG), env: { CI: undefined } })
      const { exitCode, raw } = await run.exit
      expect(exitCode, run.screen()).toBe(0)
      const id = rosco.started()[0].id
      // The line is redrawn with galley's own sequence: carriage return, erase line.
      expect(raw).toContain(`\r\u001b[K[`)
      expect(raw).toMatch(/\r\u001b\[K\[[\d.]+m?s\] Rosco: RUNNING · ==> googlecompute: Waiting for the instance to become ready\.\.\.\r/)
      expect(raw).toMatch(/\r\u001b\[K\[[\d.]+m?s\] Rosco: COMPLETED\/SUCCESS/)
      // Logs are read while polling; Rosco answers 404 until Packer has written something, which is no error.
      expect(rosco.received.filter((r) => r.path === `/api/v1/global/logs/${id}`).map((r) => r.status)).toEqual([404, 200])
      // What stays on the screen: no status line left over, only the messages and the result.
      expect(run.screen()).toBe(`Rosco started bake ${id}.\nBaked image nginx-all-tty-ubuntu-2204 with Rosco bake ${id}.\n` +
        `Artifact: {"type":"gce/image","name":"nginx-all-tty-ubuntu-2204","location":"global","reference":"https://compute.googleapis.com/compute/v1/projects/my-bakery-project/global/images/nginx-all-tty-ubuntu-2204","metadata":{"build_info_url":null,"build_number":null},"uuid":"${id}"}\n`)
    })

    it('Rosco test double: a dumb terminal (TERM=dumb) gets the plain timestamped lines, no escape sequences', async () => {
      const run = onTerminal(terminalArgs('--package', 'nginx', '--image-suffix', 'dumb'), { halDir: tempHalDir(CONFIG), env: { CI: undefined, TERM: 'dumb' } })
      const { exitCode, raw } = await run.exit
      expect(exitCode, run.screen()).toBe(0)
      expect(raw).not.toContain('\u001b[K')
      expect(raw).toMatch(new RegExp(`${TIMESTAMP} Rosco bake \\S+: RUNNING`))
    })

    it('Rosco test double: a secret in the last line of Rosco\'s logs is redacted on the status line', async () => {
      const secret = 'Sup3r-s3cret-db-pa55'
      const run = onTerminal(terminalArgs('--package', 'echo', '--extended-attribute', `db_password=${secret}`), { halDir: tempHalDir(CONFIG), env: { CI: undefined } })
      const { exitCode, raw } = await run.exit
      expect(exitCode, run.screen()).toBe(0)
      expect(raw).toMatch(/\] Rosco: RUNNING · googlecompute: connecting with <redacted>/)
      expect(raw).not.toContain(secret)
      expect(raw).not.toContain(secret.slice(0, 8))
    })

    it('Rosco test double: Ctrl-C asks whether to cancel the bake in Rosco; yes sends the cancel, exit 130', async () => {
      const run = onTerminal(terminalArgs('--package', 'slow'), { halDir: tempHalDir(CONFIG), env: { CI: undefined } })
      await run.waitFor(/RUNNING/)
      run.send('\u0003')
      await run.answer(/Cancel Rosco's bake \S+ too\?/, 'y\r')
      const { exitCode } = await run.exit
      const [bake] = rosco.started()
      expect(exitCode, run.screen()).toBe(130)
      expect(calls()).toContain(`GET /api/v1/global/cancel/${bake.id}`)
      expect(run.screen()).toContain(`Error: interrupted by SIGINT while waiting for Rosco's bake ${bake.id}; it was cancelled in Rosco`)
    })

    it('Rosco test double: at --timeout, the same question; yes cancels the bake, exit 3', async () => {
      const run = onTerminal(terminalArgs('--package', 'slow', '--timeout', '1s'), { halDir: tempHalDir(CONFIG), env: { CI: undefined } })
      await run.answer(/Still running after --timeout\. Cancel Rosco's bake \S+ too\?/, 'y\r')
      const { exitCode } = await run.exit
      const [bake] = rosco.started()
      expect(exitCode, run.screen()).toBe(3)
      expect(rosco.bake(bake.id)).toMatchObject({ state: 'CANCELED', result: 'FAILURE' })
      expect(run.screen()).toContain(`stopped waiting; it was cancelled in Rosco (Rosco: Canceled bake '${bake.id}'.)`)
    })

    it('Rosco test double: Ctrl-C, then no: the bake goes on in Rosco, exit 130', async () => {
      const run = onTerminal(terminalArgs('--package', 'slow'), { halDir: tempHalDir(CONFIG), env: { CI: undefined } })
      await run.waitFor(/RUNNING/)
      run.send('\u0003')
      await run.answer(/Cancel Rosco's bake \S+ too\?/, 'n\r')
      const { exitCode } = await run.exit
      expect(exitCode, run.screen()).toBe(130)
      expect(calls().filter((c) => c.includes('/cancel/'))).toEqual([])
      expect(rosco.started()[0].state).toBe('RUNNING')
    })
  })

  it('Rosco test double: a request the local halconfig says would fail is not sent (exit 1), unless --no-check', async () => {
    const refused = await submit('--package', 'nginx', '--template-file', 'missing.json')
    expect(refused.exitCode).toBe(1)
    expect(refused.stderr).toContain('The template missing.json (from --template-file) is neither a stock template')
    expect(rosco.received).toEqual([])

    const sent = await submit('--package', 'nginx', '--template-file', 'missing.json', '--no-check')
    expect(sent.exitCode, sent.stderr).toBe(0)
    expect(rosco.received[0].body.template_file_name).toBe('missing.json')
  })

  it('Rosco test double: an HTTP 500: exit 3 with Rosco\'s message', async () => {
    const result = await submit('--package', 'explode')
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain('Error: Rosco answered POST /api/v1/global/bake with HTTP 500 Internal Server Error: something broke inside Rosco')
    expect(result.stderr).toContain('? Rosco failed: see its logs')
  })

  it('connection refused: exit 3, saying what to check', async () => {
    const closed = new RoscoTestDouble()
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

/** Resolves once the child's stderr matches. */
function waitForOutput(child: ReturnType<typeof execa>, pattern: RegExp, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = ''
    const timer = setTimeout(() => reject(new Error(`${pattern} did not appear within ${timeoutMs}ms:\n${seen}`)), timeoutMs)
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString()
      if (pattern.test(seen)) {
        clearTimeout(timer)
        resolve()
      }
    })
  })
}

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 25))
  }
}
