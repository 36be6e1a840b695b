import { execa } from 'execa'
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync, existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, ROOT, hal, tempDir, type HalResult } from '../helpers/hal.js'
import { needsProgram } from '../helpers/tools.js'
import { recordFigure } from './record.js'

/**
 * Leak checks: a distinct sentinel in every secret field galley can meet (the halconfig's
 * secrets, Halyard sections galley does not model, a custom template's variables, the key
 * files, values typed on the command line), then every channel out of the process is provoked
 * and scanned for every sentinel: problems right next to the secret lines (so code frames show
 * them) in every format, refused edits, --debug errors, plans, a real local Packer run (its
 * output, its log, and the argv and environment of its processes), Rosco's log tail, generate.
 */
const S = {
  oraclePassphrase: 'SNTL-ORACLE-PASSPHRASE-a1f3',
  oracle2Passphrase: 'SNTL-ORACLE2-PASSPHRASE-b2e4',
  googleJsonKey: 'SNTL-GOOGLE-JSON-KEY-c3d5',
  s3SecretAccessKey: 'SNTL-S3-SECRET-ACCESS-KEY-d4c6',
  githubToken: 'SNTL-GITHUB-TOKEN-e5b7',
  roscoAwsSecretKey: 'SNTL-ROSCO-AWS-SECRET-KEY-f6a8',
  ociKeyBody: 'SNTL-OCI-KEY-BODY-91c2',
  gceKeyBody: 'SNTL-GCE-PRIVATE-KEY-4d8e',
  templateAwsSecretKey: 'SNTL-TEMPLATE-AWS-SECRET-KEY-0a9b',
  templateGithubPat: 'SNTL-TEMPLATE-GITHUB-PAT-1b8c',
  typedPassphrase: 'SNTL-TYPED-PASSPHRASE-2c7d',
  eaAwsSecretKey: 'SNTL-EA-AWS-SECRET-KEY-3d6e',
  eaSecretAccessKey: 'SNTL-EA-SECRET-ACCESS-KEY-4e5f',
  eaAccessKey: 'SNTL-EA-ACCESS-KEY-5f4a',
  eaCredentials: 'SNTL-EA-CREDENTIALS-6a3b',
  eaGithubPat: 'SNTL-EA-GITHUB-PAT-7b2c',
  eaApiToken: 'SNTL-EA-API-TOKEN-8c1d',
  templateDbPass: 'SNTL-TEMPLATE-DB-PASS-2d9e',
  templateRootPw: 'SNTL-TEMPLATE-ROOT-PW-3e8f',
  templatePrivateKeyPem: 'SNTL-TEMPLATE-PRIVATE-KEY-PEM-4f7a',
  templateVaultPass: 'SNTL-TEMPLATE-VAULT-PASS-5a6b',
  typedWordOne: 'SNTL-WORD-ONE-6b5c',
  typedWordTwo: 'SNTL-WORD-TWO-7c4d',
  typoInline: 'SNTL-TYPO-INLINE-8d3e',
  repositoryPassword: 'SNTL-REPOSITORY-PASSWORD-9f2b',
  eaRepositoryPassword: 'SNTL-EA-REPOSITORY-P@SSWORD-0c3d',
  additionalPassword: 'SNTL-ADDITIONAL-PASSWORD-1d4e',
  additionalUrlPassword: 'SNTL-ADDITIONAL-URL-PASSWORD-2e5f',
}

/** Secret extended attributes, typed on the command line (Rosco passes them to Packer as -var). */
const EXTENDED = [
  `aws_secret_key=${S.eaAwsSecretKey}`, `secret_access_key=${S.eaSecretAccessKey}`, `access_key=${S.eaAccessKey}`,
  `credentials=${S.eaCredentials}`, `github_pat=${S.eaGithubPat}`, `api_token=${S.eaApiToken}`,
  // A repository URL's password (holding "@"), under a name that is not secret.
  `repository=https://builder:${S.eaRepositoryPassword}@apt.example.com/spinnaker`,
].flatMap((pair) => ['--extended-attribute', pair])

/**
 * The config. With `problems`, each secret line has a problem on the line before it or on it
 * (a bad fingerprint, an unknown key), so that every code frame shows it.
 */
function config(work: string, problems: boolean): string {
  return `currentDeployment: default
deploymentConfigurations:
- name: default
  persistentStorage:
    persistentStoreType: s3
    s3:
      bucket: my-bucket
      accessKeyId: AKIAEXAMPLE
      secretAccessKey: ${S.s3SecretAccessKey}
  providers:
    google:
      enabled: true
      accounts:
      - name: gce
        project: ${problems ? 'Not_A_Project!' : 'my-gcp-project'}
        jsonPath: ${join(work, 'gce.json')}${problems ? `\n        jsonKey: ${S.googleJsonKey}` : ''}
      bakeryDefaults:
        zone: us-central1-f
        network: default
        baseImages:
        - baseImage:
            id: ubuntu-2204
            packageType: deb
            imageFamily: true
            customRepository: https://builder:${S.repositoryPassword}@apt.example.com/spinnaker
          virtualizationSettings:
            sourceImageFamily: ubuntu-2204-lts
    oracle:
      enabled: true
      accounts:
      - name: oci
        compartmentId: ocid1.compartment.oc1..aaaa
        userId: ocid1.user.oc1..aaaa
        sshPrivateKeyFilePath: ${join(work, 'oci_api_key.pem')}
        fingerprint: ${problems ? 'not-a-fingerprint' : '12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0'}
        privateKeyPassphrase: ${S.oraclePassphrase}
        tenancyId: ocid1.tenancy.oc1..aaaa
        region: us-phoenix-1
      - name: oci2
        compartmentId: ocid1.compartment.oc1..bbbb
        userId: ocid1.user.oc1..bbbb
        fingerprint: ${problems ? 'zz:zz' : '12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f1'}
        privateKeyPassphrase: "${S.oracle2Passphrase}"
        tenancyId: ocid1.tenancy.oc1..bbbb
        region: us-ashburn-1
      bakeryDefaults:
        availabilityDomain: Uocm:PHX-AD-1
        subnetId: ocid1.subnet.oc1.phx.aaaa
        instanceShape: VM.Standard.E2.1.Micro
        baseImages:
        - baseImage:
            id: ol8
            packageType: rpm
          virtualizationSettings:
            baseImageId: ocid1.image.oc1.phx.aaaa
            sshUserName: opc
  artifacts:
    github:
      enabled: true
      accounts:
      - name: gh
        token: ${S.githubToken}
`
}

/**
 * A custom template with secret variables of its own. Its builder makes nothing (null, no
 * communicator): its provisioners run on this machine, record the command lines and environments
 * of every Packer process (/proc), and print the secrets Packer was given.
 */
const LEAK_TEMPLATE = JSON.stringify({
  variables: {
    oracle_pass_phrase: '', aws_secret_key: S.templateAwsSecretKey, github_pat: S.templateGithubPat, api_token: '', configDir: null,
    // Passed by Rosco's packer.additionalParameters.
    api_password: '', repo_url: '',
    // Short forms of secret names: shown redacted by plans, never passed as -var in argv.
    db_pass: S.templateDbPass, root_pw: S.templateRootPw, private_key_pem: S.templatePrivateKeyPem, ansible_vault_pass: S.templateVaultPass,
  },
  builders: [{ type: 'null', communicator: 'none' }],
  provisioners: [
    { type: 'shell-local', inline: [`for p in /proc/[0-9]*; do c=$(cat $p/cmdline 2>/dev/null | tr '\\000' ' ') || true; case "$c" in *packer*) echo "CMD $c"; echo "ENV $(cat $p/environ 2>/dev/null | tr '\\000' ' ')";; esac; done > "$GALLEY_LEAK_DUMP"`] },
    { type: 'shell-local', inline: ['echo "phrase={{user `oracle_pass_phrase`}} aws={{user `aws_secret_key`}} pat={{user `github_pat`}} token={{user `api_token`}}"'] },
  ],
}, null, 2)

/** A GCE template with a problem lint reports between its two secret variables (a required variable Rosco never passes). */
const LINT_TEMPLATE = JSON.stringify({
  variables: { aws_secret_key: S.templateAwsSecretKey, needed_by_nobody: null, github_pat: S.templateGithubPat, configDir: null },
  builders: [{ type: 'googlecompute', project_id: 'p', zone: 'us-central1-f', source_image_family: 'f', ssh_username: 'u' }],
}, null, 2)

const ROSCO_LOCAL = `rosco:
  configDir: /opt/rosco/config/packer
packer:
  additionalParameters:
  - -var=api_password=${S.additionalPassword}
  - -var
  - repo_url=https://u:${S.additionalUrlPassword}@repo.example.com/x
aws:
  enabled: false
  accessKey: AKIAEXAMPLE
  secretKey: ${S.roscoAwsSecretKey}
`

function setup(kind: 'problems' | 'clean' | 'broken') {
  const work = tempDir('galley-leak-')
  const halDir = join(work, '.hal')
  writeFileSync(join(work, 'oci_api_key.pem'), `-----BEGIN RSA PRIVATE KEY-----\n${S.ociKeyBody}\n-----END RSA PRIVATE KEY-----\n`, { mode: 0o600 })
  writeFileSync(join(work, 'gce.json'), JSON.stringify({ type: 'service_account', private_key: S.gceKeyBody }), { mode: 0o600 })
  mkdirSync(join(halDir, 'default', 'profiles', 'rosco', 'packer'), { recursive: true })
  let text = config(work, kind === 'problems')
  // A YAML syntax error two lines before the passphrase: the parse error's frame shows it.
  if (kind === 'broken') text = text.replace('        sshPrivateKeyFilePath: ', '        sshPrivateKeyFilePath: [')
  writeFileSync(join(halDir, 'config'), text, { mode: 0o600 })
  writeFileSync(join(halDir, 'default', 'profiles', 'rosco', 'packer', 'leak.json'), LEAK_TEMPLATE)
  writeFileSync(join(halDir, 'default', 'profiles', 'rosco', 'packer', 'lint-me.json'), LINT_TEMPLATE)
  writeFileSync(join(halDir, 'default', 'profiles', 'rosco-local.yml'), ROSCO_LOCAL)
  return { work, halDir }
}

/** One channel: what a person or a program could read. */
interface Channel {
  name: string
  text: string
}

const channels: Channel[] = []
const leaks: string[] = []
let checks = 0

function scan(name: string, text: string): void {
  channels.push({ name, text })
  for (const [what, sentinel] of Object.entries(S)) {
    checks++
    if (text.includes(sentinel)) leaks.push(`${name} shows ${what}`)
  }
}

const both = (r: HalResult) => r.stdout + r.stderr

/** Runs hal for each argv, a few at a time (most of a run is Node's start-up), results in order. */
async function halAll(argvs: string[][], halDir: string, width = 4): Promise<HalResult[]> {
  const results: HalResult[] = new Array(argvs.length)
  let next = 0
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < argvs.length) {
      const i = next++
      results[i] = await hal(argvs[i], { halDir })
    }
  }))
  return results
}

/**
 * A Rosco stand-in (test double: Rosco cannot run here) whose failed bake's log echoes what it was
 * sent, as Packer's output would. As Rosco (spinnaker/rosco 030f7b6c): the bake's id is the
 * request's request_id (BakeryController.groovy:193, JobExecutorLocal.groovy:56,143), and a failed
 * bake is CANCELED/FAILURE (JobExecutorLocal.groovy:168-171). test/helpers/rosco.ts is the full double.
 */
class EchoingRosco {
  private server?: Server
  private sent = ''
  url = ''
  async start() {
    this.server = createServer(async (req, res) => {
      let body = ''
      for await (const chunk of req) body += chunk
      const url = new URL(req.url!, 'http://x')
      const reply = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(value))
      }
      if (req.method === 'POST' && url.pathname.endsWith('/bake')) {
        this.sent = body
        const id = JSON.parse(body).request_id ?? 'status-1'
        return reply(200, { id, state: 'RUNNING', result: null, resource_id: id })
      }
      const id = url.pathname.split('/').at(-1)
      if (url.pathname.includes('/status/')) return reply(200, { id, state: 'CANCELED', result: 'FAILURE', resource_id: id })
      if (url.pathname.includes('/logs/')) {
        const request = JSON.parse(this.sent || '{}')
        const vars = Object.entries(request.extended_attributes ?? {}).map(([k, v]) => `-var ${k}=${v}`).join(' ')
        return reply(200, { logsContent: `packer build -color=false ${vars} /opt/rosco/config/packer/gce.json\nrequest: ${this.sent}\n${Object.values(request.extended_attributes ?? {}).join('\n')}\nBuild 'googlecompute' errored: boom` })
      }
      return reply(404, { message: 'Not Found' })
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server!.address() as { port: number }).port}`
  }
  stop() {
    return new Promise((resolve) => this.server?.close(resolve))
  }
}

const provider = (p: string, ...rest: string[]) => ['config', 'provider', p, ...rest]
const FORMATS = ['text', 'json', 'sarif', 'junit', 'github']

describe('secrets never leave the process', () => {
  const rosco = new EchoingRosco()
  beforeAll(() => rosco.start())
  afterAll(async () => {
    await rosco.stop()
    const n = checks
    recordFigure('sentinel checks (secrets)', n, 'sentinel x channel checks', n - leaks.length, 'no leak')
  })

  it('validation problems next to the secrets, in every format, and the config read commands', async () => {
    const { halDir } = setup('problems')
    const validations = await halAll(FORMATS.map((format) => ['config', 'validate', '--format', format]), halDir)
    FORMATS.forEach((format, i) => {
      const result = validations[i]
      expect(result.exitCode, `${format}: ${result.stderr}`).toBe(1)
      // The channel really shows the lines around the problem (the test can fail).
      if (format === 'text' || format === 'json' || format === 'junit') expect(result.stdout).toContain('privateKeyPassphrase: <redacted>')
      scan(`config validate --format ${format}`, both(result))
    })
    const reads = [
      ['config'], ['config', '--json'], provider('oracle', 'account', 'get', 'oci', '--json'), provider('google', 'account', 'get', 'gce'),
      ['config', 'bakery', 'template', 'get', 'leak.json'],
    ]
    ;(await halAll(reads, halDir)).forEach((result, i) => scan(`hal ${reads[i].join(' ')}`, both(result)))
    expect(leaks).toEqual([])
  })

  it('refused edits, with and without --json, with --debug, and the value typed on the command line', async () => {
    const { halDir } = setup('problems')
    const before = readFileSync(join(halDir, 'config'), 'utf8')
    const edit = provider('oracle', 'account', 'edit', 'oci', '--fingerprint', 'still-bad', `--private-key-passphrase=${S.typedPassphrase}`)
    const extras = [[], ['--json'], ['--debug'], ['--json', '--debug']]
    ;(await halAll(extras.map((extra) => [...edit, ...extra]), halDir)).forEach((result, i) => {
      expect(result.exitCode, result.stderr).toBe(1)
      scan(`refused edit ${extras[i].join(' ')}`, both(result))
    })
    const [inline, google, unknown] = await halAll([
      provider('oracle', 'account', 'edit', 'oci2', `--private-key-passphrase=${S.typedPassphrase}`, '--fingerprint=zz', '--json'),
      provider('google', 'account', 'edit', 'gce', '--project', 'Still_Bad!', '--json'),
      // A flag oclif refuses: the value is echoed nowhere either.
      [...provider('oracle', 'account', 'edit', 'oci'), '--private-key-passfrase', S.typedPassphrase],
    ], halDir)
    expect(inline.exitCode).toBe(1)
    scan('refused edit --flag=value --json', both(inline))
    scan('refused google edit --json', both(google))
    scan('unknown flag', both(unknown))
    // A passphrase after a space (the flag takes none: it is asked for), and a secret under a mistyped flag
    // (`--x=value`, `--x value`): oclif echoes the latter in its usage errors, which show them redacted.
    const typed = await halAll([
      [...provider('oracle', 'account', 'edit', 'oci'), '--private-key-passphrase', 'horse', S.typedWordOne, 'pw', S.typedWordTwo],
      [...provider('oracle', 'account', 'edit', 'oci'), '--private-key-passphrase', 'horse', S.typedWordOne, 'pw', S.typedWordTwo, '--json'],
      [...provider('oracle', 'account', 'edit', 'oci'), `--private-key-pass=${S.typoInline}`],
      [...provider('oracle', 'account', 'edit', 'oci'), `--private-key-pass=${S.typoInline}`, '--json'],
      [...provider('oracle', 'account', 'edit', 'oci'), '--passphrase', S.typoInline, 'pw'],
    ], halDir)
    typed.forEach((result, i) => {
      expect(result.exitCode).toBe(2)
      expect(both(result), both(result)).not.toMatch(/\bpw\b|Secret|horse/)
      scan(`usage error ${i}`, both(result))
    })
    expect(typed[0].stderr).toContain('--private-key-passphrase takes no value after a space, so what follows it was taken as an extra argument (not shown: it may be the secret)')
    expect(JSON.parse(typed[1].stdout).error.code).toBe('SECRET_FLAG_VALUE')
    expect(typed[2].stderr).toMatch(/Nonexistent flag: --private-key-pass=(…|<redacted>)/)
    expect(JSON.parse(typed[3].stdout).error.message).toMatch(/Nonexistent flag: --private-key-pass=(…|<redacted>)/)
    expect(readFileSync(join(halDir, 'config'), 'utf8')).toBe(before)
    expect(leaks).toEqual([])
  })

  it('a config that does not parse: the error frame and --debug stack traces', async () => {
    const { halDir } = setup('broken')
    const runs = [['config', '--debug'], ['config', '--json'], ['config', 'validate'], ['config', 'validate', '--format', 'json'],
      provider('oracle', 'account', 'edit', 'oci', `--private-key-passphrase=${S.typedPassphrase}`, '--debug'), ['bake', 'plan', '--provider', 'oracle', '--base-image', 'ol8', '--package', 'nginx', '--debug']]
    ;(await halAll(runs, halDir)).forEach((result, i) => {
      expect(result.exitCode, runs[i].join(' ')).not.toBe(0)
      scan(`broken config: hal ${runs[i].join(' ')}`, both(result))
    })
    expect(both((await halAll([['config', 'validate']], halDir))[0])).toContain('privateKeyPassphrase: <redacted>')
    expect(leaks).toEqual([])
  })

  it('bake plans, bake validate, generate and template lint', async () => {
    const { halDir, work } = setup('clean')
    const oracle = ['--provider', 'oracle', '--base-image', 'ol8', '--package', 'nginx', ...EXTENDED]
    const google = ['--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx', ...EXTENDED]
    const plans = [['bake', 'plan', ...oracle], ['bake', 'plan', ...oracle, '--json'], ['bake', 'plan', ...google], ['bake', 'plan', ...google, '--json']]
    ;(await halAll(plans, halDir)).forEach((result, i) => {
      expect(result.exitCode, result.stderr).toBe(0)
      scan(`hal ${plans[i].slice(0, 5).join(' ')} ${plans[i].includes('--json') ? '--json' : ''}`, both(result))
    })
    const [rosco, operator, operatorJson, operatorFile] = await halAll([
      ['config', 'generate', 'rosco', '--output', join(work, 'rosco-out')],
      ['config', 'generate', 'operator', '--output', '-'], ['config', 'generate', 'operator', '--output', '-', '--json'],
      ['config', 'generate', 'operator', '--output', join(work, 'operator.yml')],
    ], halDir)
    scan('generate rosco (messages)', both(rosco))
    // The operator patch holds plain secrets: it may go to a private file, never to stdout.
    expect(operator.exitCode).toBe(3)
    expect(operator.stdout).toBe('')
    scan('generate operator --output -', both(operator))
    scan('generate operator --output - --json', both(operatorJson))
    scan('generate operator --output FILE (messages)', both(operatorFile))
    // The file is for the operator, which needs the secret: it holds it, privately.
    expect(readFileSync(join(work, 'operator.yml'), 'utf8')).toContain(S.oraclePassphrase)
    expect(statSync(join(work, 'operator.yml')).mode & 0o777).toBe(0o600)
    const lintFormats = ['text', 'junit', 'sarif']
    const lints = await halAll(lintFormats.map((format) => ['config', 'bakery', 'template', 'lint', 'lint-me.json', '--no-packer', '--format', format]), halDir)
    lints.forEach((lint, i) => scan(`template lint --format ${lintFormats[i]}`, both(lint)))
    expect(lints[0].stdout).toMatch(/"aws_secret_key": "<redacted>",\n.*"needed_by_nobody": null/)
    if (needsProgram('packer')) {
      const validate = await hal(['bake', 'validate', ...oracle, '--template-file', 'leak.json'], { halDir })
      expect(validate.exitCode, validate.stderr).toBe(0)
      scan('bake validate', both(validate))
      scan('bake validate --json', both(await hal(['bake', 'validate', ...oracle, '--template-file', 'leak.json', '--json'], { halDir })))
    }
    expect(leaks).toEqual([])
  })

  it('a real local Packer run: output, log, and the argv and environment of every Packer process', async () => {
    if (!needsProgram('packer')) return
    const { halDir, work } = setup('clean')
    const dump = join(work, 'packer-processes.txt')
    const result = await hal(['bake', 'test', '--provider', 'oracle', '--base-image', 'ol8', '--package', 'nginx', '--template-file', 'leak.json', ...EXTENDED], { halDir, env: { GALLEY_LEAK_DUMP: dump } })
    expect(result.exitCode, result.stderr).toBe(0)
    // Packer did receive the secrets (from the var file): its provisioner printed them, redacted.
    expect(result.stderr).toContain('phrase=<redacted> aws=<redacted> pat=<redacted> token=<redacted>')
    scan('bake test output', both(result))
    const logs = readdirSync(join(halDir, '.galley', 'logs'))
    expect(logs.length).toBe(1)
    const log = readFileSync(join(halDir, '.galley', 'logs', logs[0]), 'utf8')
    expect(log).toContain('phrase=<redacted>')
    scan('bake test log file', log)
    const processes = readFileSync(dump, 'utf8')
    expect(processes).toMatch(/^CMD \S*packer build -color=false .*-var-file=\S+secrets\.pkrvars\.json/m)
    scan('/proc cmdline and environ of the Packer processes (bake test)', processes)
    scan('bake test --json', both(await hal(['bake', 'test', '--provider', 'oracle', '--base-image', 'ol8', '--package', 'nginx', '--template-file', 'leak.json', '--json', ...EXTENDED], { halDir, env: { GALLEY_LEAK_DUMP: join(work, 'again.txt') } })))
    // The var file is private while it exists, and gone afterwards.
    expect(readdirSync('/tmp').filter((n) => n.startsWith('galley-bake-') && existsSync(join('/tmp', n, 'secret-vars'))).map((n) => join('/tmp', n))
      .filter((dir) => statSync(dir).mtimeMs > Date.now() - 60_000 && readFileSync(join(dir, 'secret-vars', 'secrets.pkrvars.json'), 'utf8').includes(S.oraclePassphrase))).toEqual([])
    expect(leaks).toEqual([])
  })

  it('bake validate: the argv and environment of every program it starts (strace)', async () => {
    if (!needsProgram('packer') || !needsProgram('strace')) return
    const { halDir, work } = setup('clean')
    const trace = join(work, 'execve.trace')
    const result = await execa('strace', ['-f', '-v', '-s', '65536', '-e', 'trace=execve', '-o', trace, 'node', BIN, 'bake', 'validate', '--provider', 'oracle', '--base-image', 'ol8', '--package', 'nginx', '--template-file', 'leak.json', ...EXTENDED], {
      cwd: ROOT, reject: false, env: { NO_COLOR: '1', HAL_DIR: halDir }, timeout: 60_000,
    })
    expect(result.exitCode, String(result.stderr)).toBe(0)
    // Every exec but hal's own (its command line is the user's: the shell put the values there).
    const execs = readFileSync(trace, 'utf8').split('\n').filter((line) => line.includes('execve(') && !line.includes(BIN))
    expect(execs.some((line) => /packer", \["packer", "validate"/.test(line) && line.includes('-var-file='))).toBe(true)
    scan('execve argv and environment under bake validate', execs.join('\n'))
    expect(leaks).toEqual([])
  })

  it("bake submit: Rosco's log tail echoing what galley sent", async () => {
    const { halDir } = setup('clean')
    for (const extra of [[], ['--json', '--debug']]) {
      const result = await hal(['bake', 'submit', '--rosco', rosco.url, '--poll-interval', '10ms', '--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx', ...EXTENDED, ...extra], { halDir })
      expect(result.exitCode, result.stderr).toBe(3)
      if (extra.length === 0) expect(result.stderr).toContain('aws_secret_key=<redacted>')
      scan(`bake submit ${extra.join(' ')}`, both(result))
    }
    expect(leaks).toEqual([])
  })

  it('template get: redacted on standard output; --output FILE writes it as it is, mode 0600', async () => {
    const { halDir, work } = setup('clean')
    const shown = await hal(['config', 'bakery', 'template', 'get', 'leak.json'], { halDir })
    expect(shown.exitCode).toBe(0)
    expect(shown.stdout).toContain('"db_pass": "<redacted>"')
    expect(shown.stderr).toContain('--output FILE writes the template as it is')
    scan('template get', both(shown))
    const file = join(work, 'copy.json')
    const written = await hal(['config', 'bakery', 'template', 'get', 'leak.json', '--output', file, '--json'], { halDir })
    expect(written.exitCode, written.stderr).toBe(0)
    scan('template get --output FILE --json (messages)', both(written))
    expect(readFileSync(file, 'utf8')).toBe(LEAK_TEMPLATE)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const again = await hal(['config', 'bakery', 'template', 'get', 'leak.json', '--output', file], { halDir })
    expect(again.exitCode).toBe(2)
    expect(again.stderr).toContain('exists: nothing was written')
    expect(leaks).toEqual([])
  })

  it('the files hal creates hold no key file and are private to their owner', async () => {
    const { work, halDir } = setup('clean')
    expect((await hal(provider('google', 'bakery', 'edit', '--zone', 'europe-west4-a'), { halDir })).exitCode).toBe(0)
    expect((await hal(['backup', 'create', '--output', join(work, 'backup.tar.gz')], { halDir })).exitCode).toBe(0)
    // The backup holds the config (and so the passphrase, as it must); it is readable by its owner only.
    expect(statSync(join(work, 'backup.tar.gz')).mode & 0o777).toBe(0o600)
    expect(statSync(join(halDir, 'config')).mode & 0o777).toBe(0o600)
    const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [join(dir, e.name), ...walk(join(dir, e.name))] : [join(dir, e.name)]))
    const created = walk(join(halDir, '.galley'))
    expect(created.length).toBeGreaterThan(0)
    for (const path of [join(halDir, '.galley'), ...created]) {
      const mode = statSync(path).mode & 0o777
      expect([0o600, 0o700], `${path} has mode ${mode.toString(8)}`).toContain(mode)
      if (statSync(path).isFile()) {
        const text = readFileSync(path, 'utf8')
        // Undo history keeps previous configs (which hold the passphrase, like the config itself) but never key files.
        expect(text).not.toContain(S.ociKeyBody)
        expect(text).not.toContain(S.gceKeyBody)
      }
    }
    recordFigure('file modes of created files', created.length + 2, 'files and directories', created.length + 2, 'private (0600 or 0700)')
  })

  it('adds up: at least 120 sentinel checks, no leak', () => {
    expect(leaks).toEqual([])
    expect(checks).toBeGreaterThanOrEqual(120)
  })
})

describe('control characters in values', () => {
  it('are shown escaped, never raw, in every human output and code frame', async () => {
    const work = tempDir('galley-ctl-')
    const halDir = join(work, '.hal')
    mkdirSync(halDir)
    // A title change (OSC), a screen clear, a bell, a lone carriage return and a right-to-left override.
    writeFileSync(join(halDir, 'config'), `currentDeployment: default
deploymentConfigurations:
- name: default
  providers:
    google:
      enabled: true
      accounts:
      - name: gce
        project: my-gcp-project
      bakeryDefaults:
        zone: "us\\e]0;pwned\\a\\e[2J-central1"
        network: default
        baseImages:
        - baseImage:
            id: ubuntu-2204
            shortDescription: "Ubuntu\\r\\e[31mFAKE\\u202e"
            packageType: deb
          virtualizationSettings:
            sourceImageFamily: "\\e[8mhidden"
`, { mode: 0o600 })
    const runs: Array<[string, HalResult]> = []
    const commands = [['config'], ['config', 'validate'], ['config', 'validate', '--format', 'junit'], provider('google', 'bakery', 'base-image', 'list'),
      ['bake', 'plan', '--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx'], provider('google', 'bakery', 'edit', '--network', 'x\u001b[2Jy')]
    ;(await halAll(commands, halDir)).forEach((result, i) => runs.push([commands[i].join(' '), result]))
    let shown = 0
    for (const [what, result] of runs) {
      // eslint-disable-next-line no-control-regex
      expect(both(result), what).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e]|\r(?!\n)/)
      if (both(result).includes('\\x1b')) shown++
    }
    // The escaped form is what is shown (the values are not dropped).
    expect(shown).toBeGreaterThanOrEqual(3)
    recordFigure('control characters in values', runs.length, 'commands showing hostile values', runs.length, 'shown escaped')
  })
})

describe('JSON output holding hostile characters', () => {
  it('every --json output stays valid JSON: DEL and C1 are escaped as \\u007f, \\u0085', async () => {
    const work = tempDir('galley-jsonctl-')
    const halDir = join(work, '.hal')
    mkdirSync(halDir)
    const hostile = 'a\u007fb\u0085c\u009bd\u202ee\u001b[2Jf'
    writeFileSync(join(halDir, 'config'), `currentDeployment: default
deploymentConfigurations:
- name: default
  providers:
    google:
      enabled: true
      accounts:
      - name: gce
        project: my-gcp-project
      bakeryDefaults:
        zone: us-central1-f
        network: default
        baseImages:
        - baseImage:
            id: ubuntu-2204
            shortDescription: ${JSON.stringify(hostile)}
            packageType: deb
          virtualizationSettings:
            sourceImageFamily: ubuntu-2204-lts
`, { mode: 0o600 })
    const commands = [
      ['config', '--json'], provider('google', 'bakery', 'base-image', 'list', '--json'), provider('google', 'bakery', 'base-image', 'get', 'ubuntu-2204', '--json'),
      ['bake', 'plan', '--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx', '--json'],
      provider('google', 'bakery', 'base-image', 'add', 'img2', '--short-description', hostile, '--package-type', 'deb', '--source-image-family', 'f', '--no-validate', '--json'),
      provider('google', 'bakery', 'base-image', 'get', 'img2', '--json'),
    ]
    const results: HalResult[] = []
    for (const command of commands) results.push(await hal(command, { halDir }))
    let valid = 0
    results.forEach((result, i) => {
      // eslint-disable-next-line no-control-regex
      expect(result.stdout, commands[i].join(' ')).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e]/)
      expect(() => JSON.parse(result.stdout), `${commands[i].join(' ')}: ${result.stdout}${result.stderr}`).not.toThrow()
      valid++
    })
    // The value reads back whole from the JSON (the escapes are JSON's own).
    expect(JSON.stringify(JSON.parse(results[5].stdout))).toContain(JSON.stringify(hostile).slice(1, -1))
    recordFigure('--json outputs holding DEL, C1, bidi, ESC', commands.length, 'outputs', valid, 'valid JSON')
  })
})

describe('short secrets do not mangle ordinary output', () => {
  it.each(['default', 'ocid1', '": "', 'gce', 'us-phoenix-1'])('passphrase %j: names, ids and JSON are shown as they are; the passphrase line is redacted', async (passphrase) => {
    const work = tempDir('galley-short-')
    const halDir = join(work, '.hal')
    mkdirSync(halDir)
    writeFileSync(join(work, 'key.pem'), 'k', { mode: 0o600 })
    writeFileSync(join(halDir, 'config'), `currentDeployment: default
deploymentConfigurations:
- name: default
  providers:
    oracle:
      enabled: true
      accounts:
      - name: oci
        compartmentId: ocid1.compartment.oc1..aaaa
        userId: ocid1.user.oc1..aaaa
        fingerprint: 12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0
        sshPrivateKeyFilePath: ${join(work, 'key.pem')}
        privateKeyPassphrase: ${JSON.stringify(passphrase)}
        tenancyId: ocid1.tenancy.oc1..aaaa
        region: us-phoenix-1
`, { mode: 0o600 })
    const [list, config, json] = await halAll([['config', 'list'], ['config'], ['config', '--json']], halDir)
    expect(list.stdout).toContain('* default')
    expect(config.stdout).toMatch(/name: default/)
    expect(config.stdout).toContain('compartmentId: ocid1.compartment.oc1..aaaa')
    expect(config.stdout).toContain('region: us-phoenix-1')
    expect(config.stdout).toContain('privateKeyPassphrase: <redacted>')
    const parsed = JSON.parse(json.stdout)
    expect(JSON.stringify(parsed)).toContain('"compartmentId":"ocid1.compartment.oc1..aaaa"')
    expect(JSON.stringify(parsed)).toContain('"privateKeyPassphrase":"<redacted>"')
  })
})
