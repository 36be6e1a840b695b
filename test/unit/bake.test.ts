import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseDuration } from '../../src/cli/bake-flags.js'
import { localPackerArgs } from '../../src/bake/local.js'
import { buildAppVersion, parsePackage } from '../../src/model/package-names.js'
import { buildError, failingStep, validateMessages } from '../../src/bake/packer-output.js'
import { gceImage } from '../../src/providers/google.js'
import { oracleImage } from '../../src/providers/oracle.js'
import { scrubber } from '../../src/bake/packer.js'
import { packerProgress } from '../../src/bake/progress.js'
import { parseArtifact, parseExtendedAttributes } from '../../src/model/bake-request.js'
import { requestOf } from '../../src/bake/request-fields.js'
import type { BakePlan } from '../../src/bake/plan.js'
import { renderCommand } from '../../src/bake/render.js'
import { parseSshTarget, retargetTemplate } from '../../src/bake/ssh-target.js'
import { forTerminal } from '../../src/lib/redact.js'

describe('package names, as Rosco reads them (spinnaker/rosco@030f7b6c rosco-core/.../providers/util/packagespecific/)', () => {
  it('deb: name_version-release_arch, where version and release are the first two "-" pieces only (DebPackageUtil.java:65-82)', () => {
    expect(parsePackage('nginx_1.18.0-6ubuntu14.4_amd64', 'deb')).toEqual({ given: 'nginx_1.18.0-6ubuntu14.4_amd64', name: 'nginx', version: '1.18.0', release: '6ubuntu14.4', arch: 'amd64', install: 'nginx=1.18.0-6ubuntu14.4' })
    expect(parsePackage('nginx_1.18.0', 'deb')).toMatchObject({ name: 'nginx', version: '1.18.0', install: 'nginx=1.18.0' })
    expect(parsePackage('nginx', 'deb')).toEqual({ given: 'nginx', name: 'nginx', install: 'nginx' })
    // Corrected: galley used to keep "1.0-rc1" as the version; Rosco splits on every '-' and keeps
    // pieces 0 and 1 (DebPackageUtil.java:68-75), so it installs tool=1.0-rc1.
    expect(parsePackage('tool_1.0-rc1-2_all', 'deb')).toMatchObject({ version: '1.0', release: 'rc1', install: 'tool=1.0-rc1', arch: 'all' })
  })

  it('rpm: the last "." piece is the arch, then name-version-release; fewer than three "-" pieces keep the whole name (RpmPackageUtil.java:63-79)', () => {
    expect(parsePackage('nginx-core-1.20.1-14.el9.x86_64', 'rpm')).toEqual({ given: 'nginx-core-1.20.1-14.el9.x86_64', name: 'nginx-core', version: '1.20.1', release: '14.el9', arch: 'x86_64', install: 'nginx-core-1.20.1-14.el9' })
    expect(parsePackage('nginx', 'rpm')).toEqual({ given: 'nginx', name: 'nginx', install: 'nginx' })
    // Corrected: the arch is split off first, so "nginx-1.20" is name nginx-1.20 with arch "20".
    expect(parsePackage('nginx-1.20', 'rpm')).toEqual({ given: 'nginx-1.20', name: 'nginx-1.20', arch: '20', install: 'nginx-1.20' })
    // Without an architecture, the end of the release is read as one (as Rosco does).
    expect(parsePackage('curl-7.76.1-26.el9', 'rpm')).toMatchObject({ name: 'curl', release: '26', arch: 'el9', install: 'curl-7.76.1-26' })
  })

  it('appversion comes from the request\'s build_number and commit_hash, not the package\'s release (util/PackageNameConverter.java:69-107)', () => {
    const pkg = parsePackage('myapp_1.2.3-h42.abc1234_all', 'deb')
    expect(buildAppVersion({ build_number: '7', commit_hash: 'ffff' }, pkg, 'deb')).toEqual({ value: 'myapp-1.2.3-h7.ffff', accepted: true })
    // Without a build number frigga needs a '-' in the name to accept name-version.
    expect(buildAppVersion({}, pkg, 'deb')).toEqual({ value: 'myapp-1.2.3', accepted: false })
    expect(buildAppVersion({}, parsePackage('nflx-base_1.0-1_all', 'deb'), 'deb')).toEqual({ value: 'nflx-base-1.0', accepted: true })
    expect(buildAppVersion({ build_number: '1' }, undefined, 'deb')).toEqual({ accepted: false })
  })
})

describe('the bake request', () => {
  it('carries build_number, commit_hash, job and package_artifacts (spinnaker/rosco@030f7b6c rosco-core/.../api/BakeRequest.groovy:43-54)', () => {
    expect(requestOf({ provider: 'google', 'base-image': 'jammy', 'build-number': '42', 'commit-hash': 'abc', job: 'a/b', artifact: ['type=deb,name=x_1-1_all,reference=http://r main x'] })).toEqual({
      cloud_provider_type: 'gce', base_os: 'jammy', build_number: '42', commit_hash: 'abc', job: 'a/b',
      package_artifacts: [{ type: 'deb', name: 'x_1-1_all', reference: 'http://r main x' }],
    })
  })

  it('--artifact: key=value pairs or a JSON object with kork Artifact\'s fields; unknown JSON fields go to metadata', () => {
    expect(parseArtifact('reference=a=b,customKind=true')).toEqual({ reference: 'a=b', customKind: true })
    expect(parseArtifact('{"type":"deb","reference":"r, with comma","extra":1,"kind":"ignored"}')).toEqual({ type: 'deb', reference: 'r, with comma', metadata: { extra: 1 } })
    for (const bad of ['', 'reference', 'colour=red', 'name=a,name=b', '{"name": 3}', '[1]', '{not json', 'customKind=maybe', '{}']) {
      expect(() => parseArtifact(bad), bad).toThrow(/--artifact/)
    }
  })

  it('an extended attribute named __proto__ is kept as an attribute', () => {
    expect(Object.entries(parseExtendedAttributes(['__proto__=x']))).toEqual([['__proto__', 'x']])
  })

  it('holds only what was given, in Rosco\'s snake_case', () => {
    expect(requestOf({ provider: 'google', 'base-image': 'ubuntu-2204', package: ['nginx curl', 'vim'], upgrade: false })).toEqual({
      cloud_provider_type: 'gce',
      base_os: 'ubuntu-2204',
      package: 'nginx curl vim',
    })
    expect(requestOf({ provider: 'oracle', 'base-image': 'ol8', 'extended-attribute': ['a=1', 'b==2', 'a=3'], upgrade: true, 'image-suffix': 'v1' })).toEqual({
      cloud_provider_type: 'oracle',
      base_os: 'ol8',
      extended_attributes: { a: '3', b: '=2' },
      upgrade: true,
      ami_suffix: 'v1',
    })
  })

  it('extended attributes are KEY=VALUE (exit 2 otherwise)', () => {
    expect(parseExtendedAttributes(['k=', 'url=http://x/?a=b'])).toEqual({ k: '', url: 'http://x/?a=b' })
    expect(() => parseExtendedAttributes(['=value'])).toThrow(/is not KEY=VALUE/)
    expect(() => parseExtendedAttributes(['novalue'])).toThrow(expect.objectContaining({ exitCode: 2 }))
  })

  it('durations need a unit', () => {
    expect(parseDuration('timeout', '2s')).toBe(2000)
    expect(parseDuration('timeout', '30m')).toBe(1_800_000)
    expect(parseDuration('timeout', '1.5h')).toBe(5_400_000)
    expect(parseDuration('timeout', '250ms')).toBe(250)
    expect(() => parseDuration('timeout', '30')).toThrow(/is not a duration/)
  })
})

describe('reading Packer\'s output', () => {
  it('packer validate: each * item is a message, wrapped lines joined back', () => {
    const output = `Error: Failed to prepare build: "googlecompute"

2 error(s) occurred:

* Invalid image name "X_all-1-y": The first character must be a lowercase
letter, and all following characters must be a dash, lowercase letter, or digit,
except the last character, which cannot be a dash
* Bad script '/tmp/x/install_packages.sh': stat
/tmp/x/install_packages.sh: no such file or directory


`
    expect(validateMessages(output)).toEqual([
      'Invalid image name "X_all-1-y": The first character must be a lowercase letter, and all following characters must be a dash, lowercase letter, or digit, except the last character, which cannot be a dash',
      "Bad script '/tmp/x/install_packages.sh': stat /tmp/x/install_packages.sh: no such file or directory",
    ])
    expect(validateMessages('Error: \n\n1 error occurred:\n\t* required variable not set: gce_zone\n\n')).toEqual(['required variable not set: gce_zone'])
    expect(validateMessages('"nope.json": stat nope.json: no such file or directory\n')).toEqual(['"nope.json": stat nope.json: no such file or directory'])
  })

  const failed = [
    '==> null: Connected to SSH!',
    '==> null: Provisioning with shell script: /tmp/packer-shell552931405',
    '==> null: oops',
    '    null: about to fail',
    '==> null: Provisioning step had errors: Running the cleanup provisioner, if present...',
    "Build 'null' errored after 399 milliseconds 392 microseconds: Script exited with non-zero exit status: 7.Allowed exit codes are: [0]",
    '==> Some builds didn\'t complete successfully and had errors:',
  ]

  it('a failed build: the step it was at (not the script\'s own stderr) and Packer\'s reason', () => {
    expect(failingStep(failed)).toBe('Provisioning with shell script: /tmp/packer-shell552931405')
    expect(buildError(failed)).toBe('Script exited with non-zero exit status: 7.Allowed exit codes are: [0]')
    expect(buildError(["Build 'googlecompute' errored after 2 milliseconds 361 microseconds: google: could not find default credentials."])).toBe('google: could not find default credentials.')
  })

  it('GCE: the manifest\'s artifact of the last run wins over the log line', () => {
    const manifest = JSON.stringify({
      builds: [
        { artifact_id: 'old-image', packer_run_uuid: 'run-1' },
        { artifact_id: 'new-image', packer_run_uuid: 'run-2' },
      ],
      last_run_uuid: 'run-2',
    })
    const log = ['--> googlecompute: A disk image was created: from-log']
    expect(gceImage(manifest, log)).toEqual({ name: 'new-image', from: 'manifest' })
    expect(gceImage(undefined, log)).toEqual({ name: 'from-log', from: 'log' })
    expect(gceImage('not json', log)).toEqual({ name: 'from-log', from: 'log' })
    expect(gceImage(undefined, ['nothing'])).toBeUndefined()
  })

  it('Oracle: the name between quotes and the OCID', () => {
    const line = "--> oracle-oci: An image was created: 'nginx-all-1-ol8' (OCID: ocid1.image.oc1.phx.aaaa) in region 'us-phoenix-1'"
    expect(oracleImage(['x', line])).toEqual({ name: 'nginx-all-1-ol8', id: 'ocid1.image.oc1.phx.aaaa', from: 'log' })
  })

  it('secrets are scrubbed from every line', () => {
    const scrub = scrubber(['SENTINEL-42', 'ab'])
    expect(scrub('pass=SENTINEL-42 and SENTINEL-42')).toBe('pass=<redacted> and <redacted>')
    expect(scrub('ab stays: too short to scrub without mangling the log')).toContain('ab stays')
  })
})

describe('the command as text', () => {
  it('one -var pair per line, quoted only where a shell would need it', () => {
    expect(renderCommand(['packer', 'build', '-color=false', '-var', 'a=b', '-var', "packages=nginx curl's", '-var-file=/x/v.json', '/x/t.json'])).toBe(
      "packer build -color=false \\\n  -var a=b \\\n  -var 'packages=nginx curl'\\''s' \\\n  -var-file=/x/v.json \\\n  /x/t.json",
    )
  })
})

describe('SSH targets', () => {
  it('ssh://USER@HOST[:PORT]', () => {
    expect(parseSshTarget('ssh://ubuntu@10.0.0.5')).toEqual({ user: 'ubuntu', host: '10.0.0.5', port: 22 })
    expect(parseSshTarget('ssh://root@127.0.0.1:2222')).toEqual({ user: 'root', host: '127.0.0.1', port: 2222 })
    expect(parseSshTarget('ssh://me@[::1]:2222')).toEqual({ user: 'me', host: '::1', port: 2222 })
    for (const bad of ['10.0.0.5', 'http://me@host', 'ssh://host', 'ssh://me:pw@host', 'ssh://me@host/path']) {
      expect(() => parseSshTarget(bad), bad).toThrow(expect.objectContaining({ exitCode: 2 }))
    }
  })

  it('the builders become one null builder named like the first, provisioners stay, cloud post-processors go', () => {
    const template = {
      variables: { a: null },
      builders: [{ type: 'googlecompute', project_id: 'p', ssh_pty: true }, { type: 'amazon-ebs', name: 'aws' }],
      provisioners: [{ type: 'shell', inline: ['true'], only: ['googlecompute'] }],
      'post-processors': [{ type: 'manifest', output: 'm.json' }, 'googlecompute-export', [{ type: 'googlecompute-import' }, { type: 'shell-local', inline: ['true'] }]],
    }
    const out = retargetTemplate(template, { user: 'root', host: '127.0.0.1', port: 2222 }, '/keys/id')
    expect(out.template).toEqual({
      variables: { a: null },
      builders: [{ type: 'null', name: 'googlecompute', communicator: 'ssh', ssh_host: '127.0.0.1', ssh_port: 2222, ssh_username: 'root', ssh_private_key_file: '/keys/id', ssh_pty: true }],
      provisioners: template.provisioners,
      'post-processors': [{ type: 'manifest', output: 'm.json' }, [{ type: 'shell-local', inline: ['true'] }]],
    })
    expect(out.droppedPostProcessors).toEqual(['googlecompute-export', 'googlecompute-import'])
  })
})

describe('Packer\'s output while it runs', () => {
  const stream = (isTTY: boolean) => {
    const written: string[] = []
    return { written, stream: { isTTY, columns: 60, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream }
  }

  it('elsewhere than a terminal: every line, prefixed', () => {
    const { written, stream: out } = stream(false)
    const progress = packerProgress(out, false)
    progress.line('==> googlecompute: Creating instance...')
    progress.line('    googlecompute: Reading package lists...')
    progress.done()
    expect(written.join('')).toBe('packer | ==> googlecompute: Creating instance...\npacker |     googlecompute: Reading package lists...\n')
  })

  it('on a terminal: one live line with the elapsed time and the current step, cut to the width', () => {
    const { written, stream: out } = stream(true)
    let now = 0
    const progress = packerProgress(out, true, () => now)
    now = 65_000
    progress.line('==> googlecompute: Creating instance...')
    progress.line('    googlecompute: output is not a step')
    progress.line('==> googlecompute: Provisioning with shell script: /opt/rosco/config/packer/install_packages.sh')
    progress.done()
    // As the output guard writes them: galley's own clear-line sequence passes it.
    expect(written.map(forTerminal)).toEqual([
      '\r\x1b[K[0ms] starting Packer',
      '\r\x1b[K[1m05s] googlecompute: Creating instance...',
      '\r\x1b[K[1m05s] googlecompute: Provisioning with shell script: /op…',
      '\r\x1b[K',
    ])
  })
})

describe('local Packer runs get secret variables in a var file, never in argv', () => {
  it('take Rosco\'s packer.additionalParameters, but neither sudo nor -timestamp-ui', () => {
    const root = mkdtempSync(join(tmpdir(), 'galley-unit-'))
    try {
      const withSettings = { variables: [], rosco: { sudo: true, timestamp: true, additionalParameters: ['-on-error=abort'] }, packerArgs: ['-var', 'a=b', 't.json'] } as unknown as BakePlan
      expect(localPackerArgs(withSettings, { root })).toEqual(['build', '-color=false', '-on-error=abort', '-var', 'a=b', 't.json'])
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })

  const plan = {
    variables: [
      { name: 'oracle_region', value: 'us-phoenix-1', source: 'account', from: 'oci.region' },
      { name: 'oracle_pass_phrase', value: 'SENTINEL-PP-1', source: 'account', from: 'oci.privateKeyPassphrase', secret: true },
      { name: 'aws_secret_key', value: 'SENTINEL-AWS-2', source: 'extended attribute', from: 'aws_secret_key', secret: true },
    ],
    rosco: { sudo: false, timestamp: false, additionalParameters: [] },
    packerArgs: ['-var', 'oracle_region=us-phoenix-1', '-var', 'oracle_pass_phrase=SENTINEL-PP-1', '-var', 'aws_secret_key=SENTINEL-AWS-2',
      '-var-file=/opt/rosco/config/packer/mine.json', '/opt/rosco/config/packer/oci.json'],
  } as unknown as BakePlan

  it('moves each secret -var into a 0600 JSON file in a 0700 directory, placed where the -vars end (before the request\'s var file)', () => {
    const root = mkdtempSync(join(tmpdir(), 'galley-unit-'))
    try {
      const args = localPackerArgs(plan, { root })
      const file = join(root, 'secret-vars', 'secrets.pkrvars.json')
      expect(args).toEqual(['build', '-color=false', '-var', 'oracle_region=us-phoenix-1', `-var-file=${file}`, '-var-file=/opt/rosco/config/packer/mine.json', '/opt/rosco/config/packer/oci.json'])
      expect(args.join(' ')).not.toContain('SENTINEL')
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ oracle_pass_phrase: 'SENTINEL-PP-1', aws_secret_key: 'SENTINEL-AWS-2' })
      expect(statSync(file).mode & 0o777).toBe(0o600)
      expect(statSync(join(root, 'secret-vars')).mode & 0o777).toBe(0o700)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })

  it('leaves the argv as the plan has it when there is no secret (and writes no file)', () => {
    const root = mkdtempSync(join(tmpdir(), 'galley-unit-'))
    try {
      const plain = { ...plan, variables: plan.variables.slice(0, 1), packerArgs: ['-var', 'oracle_region=us-phoenix-1', 't.json'] } as BakePlan
      expect(localPackerArgs(plain, { root })).toEqual(['build', '-color=false', '-var', 'oracle_region=us-phoenix-1', 't.json'])
      expect(readdirSync(root)).toEqual([])
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
