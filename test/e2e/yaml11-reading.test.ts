import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hal, read, tempHalDir } from '../helpers/hal.js'

/**
 * A halconfig written by hand is read the way Halyard reads it. Halyard loads it with SnakeYAML
 * (spinnaker/halyard halyard-config/src/main/java/com/netflix/spinnaker/halyard/config/config/v1/
 * HalconfigParser.java:93-96, with the Yaml of ResourceConfig.java:101-106, a SafeConstructor;
 * SnakeYAML 1.31 through kork's
 * spinnaker-dependencies/spinnaker-dependencies.gradle:208), which resolves unquoted scalars by
 * YAML 1.1's rules: snakeyaml/snakeyaml src/main/java/org/yaml/snakeyaml/resolver/Resolver.java,
 * cited below as R:line, and src/main/java/org/yaml/snakeyaml/constructor/SafeConstructor.java
 * as S:line. Every test runs the real CLI on a config in the shape users write.
 */

const GOOGLE = `# Our bakery, written by hand from Halyard's docs.
currentDeployment: default
deploymentConfigurations:
- name: default
  version: 1.26.6
  providers:
    google:
      enabled: yes          # a boolean to Halyard
      accounts:
      - name: gce-bakery
        project: my-bakery-project
      bakeryDefaults:
        zone: europe-west4-a
        network: bakery-net
        useInternalIp: on
        baseImages:
        - baseImage:
            id: y
            shortDescription: 2024-01-01
            packageType: deb
          virtualizationSettings:
            sourceImageFamily: ubuntu-2204-lts
        - baseImage:
            id: off
            packageType: deb
          virtualizationSettings:
            sourceImage: ubuntu-2204-v20240110
        - baseImage:
            id: 'no'
            packageType: deb
          virtualizationSettings:
            sourceImage: ubuntu-2204-v20240110
`

const AWS = `currentDeployment: default
deploymentConfigurations:
- name: default
  version: 1.26.6
  providers:
    aws:
      enabled: true
      accounts:
      - name: my-aws-account
        accountId: 012345678901
        assumeRole: role/spinnakerManaged
        regions:
        - name: us-east-1
      bakeryDefaults:
        templateFile: aws-ebs.json
        baseImages:
        - baseImage:
            id: bionic
            packageType: deb
          virtualizationSettings:
          - &east
            region: us-east-1
            virtualizationType: hvm
            instanceType: t3.small
            sourceAmi: ami-0123456789abcdef0
            sshUserName: ubuntu
            spotPrice: 0755
          - <<: *east
            region: us-west-2
            sourceAmi: ami-0fedcba987654321f
            spotPrice: 1:30
          - <<: *east
            region: eu-west-1
            spotPrice: 1_000
          - <<: *east
            region: eu-central-1
            spotPrice: 0o17
`

const NOW = { GALLEY_NOW_MS: '1700000000000' }
/** The -var pairs of a plan's argv. */
const vars = (json: any): string[] => (json.argv as string[]).filter((_, i, all) => all[i - 1] === '-var')
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length

describe('hand-written halconfig values are read as Halyard reads them (YAML 1.1, SnakeYAML)', () => {
  it('enabled: yes and useInternalIp: on are true (R:29-30 BOOL, S:225-243): config, validate, bake plan and an edit all see true', async () => {
    const halDir = tempHalDir(GOOGLE)
    const shown = (await hal(['config', '--json'], { halDir })).json()
    expect(shown.providers.google.enabled).toBe(true)
    expect(shown.providers.google.bakeryDefaults.useInternalIp).toBe(true)
    const problems = (await hal(['config', 'validate', '--json'], { halDir })).json().problems
    expect(problems.filter((p: any) => /enabled|useInternalIp/.test(p.path))).toEqual([])
    const plan = await hal(['bake', 'plan', '--json', '--provider', 'google', '--base-image', 'y', '--package', 'nginx'], { halDir, env: NOW })
    expect(plan.exitCode, plan.stderr).toBe(0)
    expect(vars(plan.json())).toContain('gce_use_internal_ip=true')
    // The edit changes its one line, keeps `yes` and `on` as written, and reads them back as true.
    const edited = await hal(['config', 'provider', 'google', 'bakery', 'edit', '--zone', 'us-east1-b'], { halDir })
    expect(edited.exitCode, edited.stderr).toBe(0)
    expect(read(join(halDir, 'config'))).toBe(GOOGLE.replace('zone: europe-west4-a', 'zone: us-east1-b'))
    expect((await hal(['config', '--json'], { halDir })).json().providers.google.bakeryDefaults).toMatchObject({ zone: 'us-east1-b', useInternalIp: true })
  })

  it('a base image id y stays text (BOOL has no y/n, R:29-30), id off is false and reported at its line with the fix (quotes), a quoted \'no\' is text', async () => {
    const halDir = tempHalDir(GOOGLE)
    expect((await hal(['bake', 'plan', '--provider', 'google', '--base-image', 'y', '--package', 'nginx'], { halDir, env: NOW })).exitCode).toBe(0)
    expect((await hal(['config', 'provider', 'google', 'bakery', 'base-image', 'get', 'no', '-o', 'json'], { halDir })).json().baseImage.id).toBe('no')
    const validate = await hal(['config', 'validate', '--json'], { halDir })
    expect(validate.exitCode).toBe(1)
    const wrong = validate.json().problems.filter((p: any) => p.rule === 'schema/type')
    expect(wrong).toEqual([expect.objectContaining({ line: lineOf(GOOGLE, 'id: off'), column: 17, message: expect.stringContaining('must be text, not boolean false') })])
    expect(wrong[0].remediation).toContain('Quote the value')
    // A timestamp-looking description stays the text written (see the README: SnakeYAML would make a Date of it).
    expect((await hal(['config', 'provider', 'google', 'bakery', 'base-image', 'get', 'y', '-o', 'json'], { halDir })).json().baseImage.shortDescription).toBe('2024-01-01')
  })

  it('accountId: 012345678901 is text, not the number 12345678901 (no INT matches it, R:42-47, and a FLOAT needs a point, R:36-41): shown, validated and kept by an edit', async () => {
    const halDir = tempHalDir(AWS)
    const get = async () => (await hal(['config', 'provider', 'aws', 'account', 'get', 'my-aws-account', '-o', 'json'], { halDir })).json()
    expect((await get()).accountId).toBe('012345678901')
    const problems = (await hal(['config', 'validate', '--json'], { halDir })).json().problems
    expect(problems.filter((p: any) => /accountId/.test(p.path) || p.rule === 'schema/type')).toEqual([])
    const edited = await hal(['config', 'provider', 'aws', 'account', 'edit', 'my-aws-account', '--assume-role', 'role/baker'], { halDir })
    expect(edited.exitCode, edited.stderr).toBe(0)
    expect(read(join(halDir, 'config'))).toBe(AWS.replace('role/spinnakerManaged', 'role/baker'))
    expect(await get()).toMatchObject({ accountId: '012345678901', assumeRole: 'role/baker' })
  })

  it('0755 is octal 493, 1:30 is 90 (base 60), 1_000 is 1000 (R:42-47, S:245-288), 0o17 is text; merge keys are merged (R:48): bake plan passes those values', async () => {
    const halDir = tempHalDir(AWS)
    const planned: Record<string, string[]> = {}
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1']) {
      const plan = await hal(['bake', 'plan', '--json', '--provider', 'aws', '--region', region, '--base-image', 'bionic', '--package', 'nginx'], { halDir, env: NOW })
      planned[region] = vars(plan.json())
      // The base image's one problem: 0o17 is text, and no price (in YAML 1.2 it would be 15).
      expect(plan.json().problems.map((p: any) => p.message)).toEqual(['Spot price "0o17" is not valid: it is "0" (on demand), "auto" or a price in dollars such as 0.05.'])
    }
    expect(planned['us-east-1']).toContain('aws_spot_price=493')
    expect(planned['us-west-2']).toEqual(expect.arrayContaining(['aws_spot_price=90', 'aws_source_ami=ami-0fedcba987654321f', 'aws_instance_type=t3.small']))
    expect(planned['eu-west-1']).toEqual(expect.arrayContaining(['aws_spot_price=1000', 'aws_source_ami=ami-0123456789abcdef0']))
    expect(planned['eu-central-1']).toContain('aws_spot_price=0o17')
    // `<<` is a merge, not an unknown key.
    const problems = (await hal(['config', 'validate', '--json'], { halDir })).json().problems
    expect(problems.filter((p: any) => p.rule === 'schema/unknown-key')).toEqual([])
  })

  it('an edit of a merged entry writes an override beside its <<; an edit of the anchor every merge shares, or through a mapping a merge brings in, is refused, the file untouched', async () => {
    const halDir = tempHalDir(AWS)
    const merged = await hal(['config', 'provider', 'aws', 'bakery', 'base-image', 'edit', 'bionic', '--region', 'us-west-2', '--instance-type', 'c5.large'], { halDir })
    expect(merged.exitCode, merged.stderr).toBe(0)
    const after = AWS.replace('            spotPrice: 1:30\n', '            spotPrice: 1:30\n            instanceType: c5.large\n')
    expect(read(join(halDir, 'config'))).toBe(after)
    const settings = (await hal(['config', 'provider', 'aws', 'bakery', 'base-image', 'get', 'bionic', '-o', 'json'], { halDir })).json().virtualizationSettings
    expect(settings.map((s: any) => `${s.region} ${s.instanceType} ${s.spotPrice}`)).toEqual(['us-east-1 t3.small 493', 'us-west-2 c5.large 90', 'eu-west-1 t3.small 1000', 'eu-central-1 t3.small 0o17'])
    const shared = await hal(['config', 'provider', 'aws', 'bakery', 'base-image', 'edit', 'bionic', '--region', 'us-east-1', '--instance-type', 'm5.large'], { halDir })
    expect(shared.exitCode).toBe(1)
    expect(shared.stderr).toContain('shared through the YAML anchor &east')
    expect(read(join(halDir, 'config'))).toBe(after)
    // A deployment brought in whole by a merge key: the edit would land in the anchor, so it is refused.
    const mergedRoot = 'base: &b\n  deploymentConfigurations:\n  - name: default\n<<: *b\ncurrentDeployment: default\n'
    const rootDir = tempHalDir(mergedRoot)
    const refused = await hal(['config', 'provider', 'google', 'bakery', 'edit', '--zone', 'europe-west4-a'], { halDir: rootDir })
    expect(refused.exitCode).toBe(1)
    expect(refused.stderr).toContain('config:4: deploymentConfigurations.0.providers.google.bakeryDefaults.zone runs through deploymentConfigurations, which the merge key << brings in from *b')
    expect(read(join(rootDir, 'config'))).toBe(mergedRoot)
  })

  it('a file over 256 KiB (read with js-yaml) gives the same values as the same deployment in a small file', async () => {
    const padding = Array.from({ length: 1200 }, (_, i) => `        - baseImage:\n            id: pad-${i}\n            packageType: deb\n          virtualizationSettings:\n          - region: us-east-1\n            virtualizationType: hvm\n            instanceType: t3.small\n            sourceAmi: ami-0123456789abcdef0\n            sshUserName: ubuntu\n            spotPrice: 0755\n`).join('')
    // No anchors: a large file with them is read with the Document API (up to 1 MiB).
    const flat = AWS.replace('- &east\n            region', '- region').replace(/- <<: \*east\n {12}region: (\S+)\n/g, '- region: $1\n            virtualizationType: hvm\n            instanceType: t3.small\n            sshUserName: ubuntu\n')
    expect(flat).not.toMatch(/[&*<]/)
    const large = flat.replace('        baseImages:\n', `        baseImages:\n${padding}`)
    expect(large.length).toBeGreaterThan(256 * 1024)
    for (const config of [flat, large]) {
      const halDir = tempHalDir(config)
      expect((await hal(['config', 'provider', 'aws', 'account', 'get', 'my-aws-account', '-o', 'json'], { halDir })).json().accountId).toBe('012345678901')
      const plan = await hal(['bake', 'plan', '--json', '--provider', 'aws', '--region', 'us-west-2', '--base-image', 'bionic', '--package', 'nginx'], { halDir, env: NOW })
      expect(vars(plan.json())).toEqual(expect.arrayContaining(['aws_spot_price=90', 'aws_instance_type=t3.small']))
      if (config === large) expect((await hal(['config', 'provider', 'aws', 'bakery', 'base-image', 'get', 'pad-7', '-o', 'json'], { halDir })).json().virtualizationSettings[0].spotPrice).toBe(493)
    }
  })

  it('a secret written unquoted as a number (awsSecretKey: 0123_4567, octal 342391 to SnakeYAML) is reported as a number, its value shown in no form', async () => {
    const config = AWS.replace('        templateFile: aws-ebs.json\n', '        templateFile: aws-ebs.json\n        awsSecretKey: 0123_4567\n')
    const halDir = tempHalDir(config)
    const result = await hal(['config', 'validate'], { halDir })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('awsSecretKey of provider aws of deployment default must be text, not a number.')
    expect(result.stdout).toContain('Quote the value')
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/342391|0123_4567/)
  })

  it('a value SnakeYAML reads as a number it cannot make (._, R:39) is refused at file:line:column, nothing written', async () => {
    const config = AWS.replace('spotPrice: 1_000', 'spotPrice: ._')
    const halDir = tempHalDir(config)
    const result = await hal(['config', 'provider', 'aws', 'bakery', 'edit', '--template-file', 'other.json'], { halDir })
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain(`config:${lineOf(config, 'spotPrice: ._')}:24: Halyard (SnakeYAML) reads the unquoted "._" as a number`)
    expect(read(join(halDir, 'config'))).toBe(config)
  })
})
