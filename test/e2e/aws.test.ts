import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hal, matchGolden, read, tempHalDir, writeFile } from '../helpers/hal.js'
import { needsProgram } from '../helpers/tools.js'

// The AWS bakery end to end, through the real bin/run.js: Halyard's `bakery edit` flags
// (halyard-cli .../providers/aws/AwsEditBakeryDefaultsCommand.java:34-78 at spinnaker/halyard
// 23e66d69), galley's base-image commands for settings that are a list per region and
// virtualization type, validate, and bake plan / validate per Rosco's AWSBakeHandler.groovy
// (spinnaker/rosco 030f7b6c; H below is rosco-core/src/main/groovy/com/netflix/spinnaker/rosco/providers/aws/AWSBakeHandler.groovy).

const NOW = '1700000000000'
const aws = (...args: string[]) => ['config', 'provider', 'aws', ...args]

async function sequence(halDir: string, commands: string[][]) {
  const outputs: string[] = []
  for (const args of commands) {
    const result = await hal(args, { halDir })
    if (result.exitCode !== 0) throw new Error(`hal ${args.join(' ')} exited ${result.exitCode}:\n${result.stderr}`)
    outputs.push(result.stdout)
  }
  return outputs
}

const SEQUENCE = [
  aws('enable'),
  aws('bakery', 'edit', '--template-file', 'aws-ebs.json', '--aws-subnet-id', 'subnet-12345def', '--aws-vpc-id', 'vpc-1a2b3c4d', '--aws-associate-public-ip-address', 'true', '--default-virtualization-type', 'hvm'),
  aws('bakery', 'base-image', 'add', 'jammy', '--short-description', 'v22.04', '--package-type', 'deb', '--region', 'us-east-1', '--virtualization-type', 'hvm', '--instance-type', 't3.small', '--source-ami', 'ami-0123456789abcdef0', '--ssh-user-name', 'ubuntu'),
  aws('bakery', 'base-image', 'edit', 'jammy', '--region', 'eu-west-1', '--virtualization-type', 'hvm', '--instance-type', 't3.small', '--source-ami', 'ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*', '--ssh-user-name', 'ubuntu'),
  aws('bakery', 'base-image', 'edit', 'jammy', '--region', 'us-east-1', '--spot-price', 'auto', '--spot-price-auto-product', 'Linux/UNIX (Amazon VPC)'),
  aws('bakery', 'base-image', 'add', 'win', '--package-type', 'nupkg', '--template-file', 'aws-windows-2012-r2.json', '--os-type', 'windows', '--region', 'us-east-1', '--virtualization-type', 'hvm', '--instance-type', 't3.medium', '--source-ami', 'ami-0fedcba9876543210', '--win-rm-user-name', 'Administrator'),
  aws('account', 'add', 'aws-prod', '--account-id', '123456789012', '--assume-role', 'role/spinnakerManaged'),
]

describe('aws bakery commands', () => {
  it('build the bakery from an empty hal dir, exactly as the golden file says; list and get show the settings per region', async () => {
    const halDir = tempHalDir()
    await sequence(halDir, SEQUENCE)
    matchGolden(read(join(halDir, 'config')), 'golden/aws-sequence.yml')
    const [list] = await sequence(halDir, [aws('bakery', 'base-image', 'list')])
    expect(list).toBe('jammy  v22.04           deb    us-east-1/hvm ami-0123456789abcdef0, eu-west-1/hvm ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*\nwin                     nupkg  us-east-1/hvm ami-0fedcba9876543210\n')
  })

  it('the secret key is read without echo from stdin, stored, and never printed', async () => {
    const halDir = tempHalDir()
    await sequence(halDir, [aws('enable')])
    const edit = await hal(aws('bakery', 'edit', '--aws-access-key', 'AKIAIOSFODNN7EXAMPLE', '--aws-secret-key'), { halDir, input: 'SENTINEL-SECRET-9f8e\n' })
    expect(edit.exitCode, edit.stderr).toBe(0)
    expect(read(join(halDir, 'config'))).toContain('awsSecretKey: SENTINEL-SECRET-9f8e')
    const shown = await hal(aws('bakery'), { halDir })
    expect(shown.stdout + shown.stderr).not.toContain('SENTINEL-SECRET-9f8e')
    expect(shown.stdout).toContain('awsSecretKey: <redacted>')
  })

  it('a settings edit that does not say which entry: exit 2, the file untouched', async () => {
    const halDir = tempHalDir()
    await sequence(halDir, SEQUENCE.slice(0, 3))
    await sequence(halDir, [aws('bakery', 'base-image', 'edit', 'jammy', '--region', 'us-east-1', '--virtualization-type', 'pv', '--instance-type', 'm3.medium', '--source-ami', 'ami-8007b2e8', '--ssh-user-name', 'ubuntu')])
    const before = read(join(halDir, 'config'))
    const ambiguous = await hal(aws('bakery', 'base-image', 'edit', 'jammy', '--region', 'us-east-1', '--instance-type', 'c5.large'), { halDir })
    expect(ambiguous.exitCode).toBe(2)
    expect(ambiguous.stderr).toContain('base image jammy has 2 settings entries for us-east-1 (us-east-1/hvm, us-east-1/pv): say which with --virtualization-type')
    const unchosen = await hal(aws('bakery', 'base-image', 'edit', 'jammy', '--instance-type', 'c5.large'), { halDir })
    expect(unchosen.exitCode).toBe(2)
    expect(read(join(halDir, 'config'))).toBe(before)
  })

  it('a new entry without --virtualization-type takes the type a bake without vm_type looks for: the bakery\'s default, else hvm (H:96)', async () => {
    const halDir = tempHalDir()
    await sequence(halDir, [
      aws('enable'),
      aws('bakery', 'base-image', 'add', 'jammy', '--package-type', 'deb', '--region', 'us-east-1', '--source-ami', 'ami-0123456789abcdef0', '--instance-type', 't3.small', '--ssh-user-name', 'ubuntu'),
      aws('bakery', 'edit', '--default-virtualization-type', 'pv'),
      aws('bakery', 'base-image', 'edit', 'jammy', '--region', 'eu-west-1', '--source-ami', 'ami-8007b2e8', '--instance-type', 'm3.medium', '--ssh-user-name', 'ubuntu'),
    ])
    const entries = JSON.parse((await hal(aws('bakery', 'base-image', 'get', 'jammy', '-o', 'json'), { halDir })).stdout).virtualizationSettings
    expect(entries.map((e: { region: string; virtualizationType: string }) => `${e.region}/${e.virtualizationType}`)).toEqual(['us-east-1/hvm', 'eu-west-1/pv'])
    // The plan finds the entry a bake without --vm-type would use.
    const plan = await hal(['bake', 'plan', '--provider', 'aws', '--base-image', 'jammy', '--region', 'eu-west-1', '--package', 'nginx', '--json'], { halDir })
    expect(JSON.parse(plan.stdout).variables.find((v: { name: string }) => v.name === 'aws_source_ami').value).toBe('ami-8007b2e8')
  })

  it('a hand-written mapping where the settings list belongs is refused, not replaced: exit 1, the file untouched', async () => {
    const halDir = tempHalDir()
    const config = [
      'currentDeployment: default', 'deploymentConfigurations:', '- name: default', '  providers:', '    aws:', '      enabled: true', '      bakeryDefaults:',
      '        baseImages:', '        - baseImage: {id: odd, packageType: deb}', '          virtualizationSettings:', '            region: us-east-1',
      '            virtualizationType: hvm', '            sourceAmi: ami-0123abcd', '            sshUserName: ubuntu', '',
    ].join('\n')
    writeFile(join(halDir, 'config'), config)
    for (const region of ['us-east-1', 'us-west-2']) {
      const refused = await hal(aws('bakery', 'base-image', 'edit', 'odd', '--region', region, '--virtualization-type', 'hvm', '--instance-type', 't3.small'), { halDir })
      expect(refused.exitCode).toBe(1)
      expect(refused.stderr).toContain('virtualizationSettings is a mapping, where a list is expected')
      expect(read(join(halDir, 'config'))).toBe(config)
    }
  })

  it('accounts written as a mapping: an add is refused with the place, not an internal error (exit 1)', async () => {
    const halDir = tempHalDir()
    const config = 'currentDeployment: default\ndeploymentConfigurations:\n- name: default\n  providers:\n    aws:\n      enabled: true\n      accounts: {name: a}\n'
    writeFile(join(halDir, 'config'), config)
    const refused = await hal(aws('account', 'add', 'b', '--account-id', '123456789012'), { halDir })
    expect(refused.exitCode).toBe(1)
    expect(refused.stderr).toContain('accounts is a mapping, where a list is expected')
    expect(refused.stderr).not.toContain('unexpected error')
    expect(read(join(halDir, 'config'))).toBe(config)
  })

  it('a malformed value is refused with the fix, and the file is untouched (exit 1)', async () => {
    const halDir = tempHalDir()
    await sequence(halDir, SEQUENCE.slice(0, 3))
    const before = read(join(halDir, 'config'))
    const refused = await hal(aws('bakery', 'base-image', 'edit', 'jammy', '--region', 'us-east-1a', '--virtualization-type', 'hvm', '--instance-type', 't3.small', '--source-ami', 'ami-0123456789abcdef0'), { halDir })
    expect(refused.exitCode).toBe(1)
    expect(refused.stderr).toContain('Region "us-east-1a" is not valid: us-east-1a is an availability zone; the region is us-east-1.')
    expect(read(join(halDir, 'config'))).toBe(before)
  })
})

describe('aws account --regions: Halyard\'s list of {name: REGION}', () => {
  // Halyard: AwsAddAccountCommand.java:58-62 (--regions, variable arity) writes each as
  // new AwsProvider.AwsRegion().setName(r) (l.127-130); AwsEditAccountCommand.java:54-68,136-146 adds
  // --add-region / --remove-region; AwsAccount.java:35 holds List<AwsProvider.AwsRegion>, and
  // AwsProvider.java:43-46 an AwsRegion is {name} (halyard-config/.../model/v1/providers/aws/, spinnaker/halyard 23e66d69).
  const account = (...args: string[]) => aws('account', ...args)

  it('add writes the shape Halyard writes; get shows it as written; edit adds and removes by name; --regions "" removes the list', async () => {
    const halDir = tempHalDir()
    const config = join(halDir, 'config')
    await sequence(halDir, [account('add', 'prod', '--account-id', '123456789012', '--assume-role', 'role/spinnakerManaged', '--regions', 'us-east-1,eu-west-1')])
    expect(read(config)).toContain('      - name: prod\n        accountId: "123456789012"\n        regions:\n        - name: us-east-1\n        - name: eu-west-1\n        assumeRole: role/spinnakerManaged\n')
    const got = await hal(account('get', 'prod', '--json'), { halDir })
    expect(got.json().regions).toEqual([{ name: 'us-east-1' }, { name: 'eu-west-1' }])
    expect((await hal(account('get', 'prod'), { halDir })).stdout).toContain('regions:\n- name: us-east-1\n- name: eu-west-1\n')

    await sequence(halDir, [account('edit', 'prod', '--add-region', 'us-west-2', '--remove-region', 'eu-west-1'), account('edit', 'prod', '--add-region', 'us-east-1')])
    expect((await hal(account('get', 'prod', '--json'), { halDir })).json().regions).toEqual([{ name: 'us-east-1' }, { name: 'us-west-2' }])
    await sequence(halDir, [account('edit', 'prod', '--regions', 'ap-south-1', 'sa-east-1')])
    expect((await hal(account('get', 'prod', '--json'), { halDir })).json().regions).toEqual([{ name: 'ap-south-1' }, { name: 'sa-east-1' }])
    await sequence(halDir, [account('edit', 'prod', '--regions', '')])
    expect((await hal(account('get', 'prod', '--json'), { halDir })).json().regions).toBeUndefined()
    expect((await hal(['config', 'validate'], { halDir })).exitCode).toBe(0)
  })

  it('a region that is not one (a zone, uppercase) is refused with the fix, the file untouched (exit 1); a bare name where Halyard wants {name} is a schema error', async () => {
    const halDir = tempHalDir()
    const config = join(halDir, 'config')
    await sequence(halDir, [account('add', 'prod', '--account-id', '123456789012', '--assume-role', 'role/spinnakerManaged', '--regions', 'us-east-1')])
    const before = read(config)
    const zone = await hal(account('edit', 'prod', '--add-region', 'us-east-1a'), { halDir })
    expect(zone.exitCode).toBe(1)
    expect(zone.stderr).toContain('Region of account prod "us-east-1a" is not valid: us-east-1a is an availability zone; the region is us-east-1.')
    expect(zone.stderr).toContain('hal config provider aws account edit prod --remove-region us-east-1a --add-region us-east-1')
    const upper = await hal(account('add', 'other', '--account-id', '123456789012', '--assume-role', 'role/x', '--regions', 'US-EAST-1'), { halDir })
    expect(upper.exitCode).toBe(1)
    expect(upper.stderr).toContain('region names are lowercase')
    expect(read(config)).toBe(before)

    writeFile(config, before.replace('        - name: us-east-1\n', '        - us-east-1\n'))
    const bare = await hal(['config', 'validate', '--json'], { halDir })
    expect(bare.exitCode).toBe(1)
    expect(bare.json().problems).toEqual([expect.objectContaining({ rule: 'schema/type', message: expect.stringContaining('must be a mapping, not the text "us-east-1"') })])
  })
})

const CONFIG = `currentDeployment: default
deploymentConfigurations:
- name: default
  providers:
    aws:
      enabled: true
      bakeryDefaults:
        templateFile: aws-ebs.json
        awsAccessKey: AKIAIOSFODNN7EXAMPLE
        awsSecretKey: SENTINEL-SECRET-1234
        awsSubnetId: subnet-12345def
        awsAssociatePublicIpAddress: false
        baseImages:
        - baseImage:
            id: ubuntu
            packageType: deb
          virtualizationSettings:
          - region: us-east-1
            virtualizationType: hvm
            instanceType: t2.micro
            sourceAmi: ami-a123456b
            sshUserName: ubuntu
            spotPrice: 0
            spotPriceAutoProduct: Linux/UNIX (Amazon VPC)
          - region: us-east-1
            virtualizationType: pv
            instanceType: m3.medium
            sourceAmi: ami-a654321b
            sshUserName: ubuntu
            spotPrice: auto
            spotPriceAutoProduct: Linux/UNIX (Amazon VPC)
        - baseImage:
            id: bionic
            packageType: deb
          virtualizationSettings:
          - region: us-east-1
            virtualizationType: hvm
            instanceType: t2.micro
            sourceAmi: bionic-base-123
            sshUserName: ubuntu
`

const plan = (halDir: string, ...args: string[]) => hal(['bake', 'plan', '--json', '--provider', 'aws', ...args], { halDir, env: { GALLEY_NOW_MS: NOW } })
/** The -var pairs of a plan's argv. */
const vars = (json: any): string[] => (json.argv as string[]).filter((_, i, all) => all[i - 1] === '-var')

describe('hal bake plan --provider aws (Rosco\'s AWSBakeHandler)', () => {
  it('the hvm settings of the region, Rosco\'s variables in its order, spotPrice 0 passed as "0", false and the secrets as Rosco treats them; golden file', async () => {
    const halDir = tempHalDir(CONFIG)
    const result = await plan(halDir, '--region', 'us-east-1', '--base-image', 'ubuntu', '--package', 'nginx')
    expect(result.exitCode, result.stderr).toBe(0)
    const json = result.json()
    expect(vars(json)).toEqual([
      'aws_region=us-east-1', 'aws_instance_type=t2.micro', 'aws_source_ami=ami-a123456b', 'aws_target_ami=nginx-all-1700000000000-ubuntu', // H:143-148
      'aws_ssh_username=ubuntu', 'aws_spot_price=0', // H:150-160; "0" is a non-empty String
      'aws_access_key=<redacted>', 'aws_secret_key=<redacted>', 'aws_subnet_id=subnet-12345def', // H:166-173, masked (RoscoAWSConfiguration.groovy:55)
      'package_type=deb', 'packages=nginx', 'configDir=/opt/rosco/config/packer',
    ])
    // awsAssociatePublicIpAddress false is put (H:179-181) and then dropped by the command factory.
    expect(json.dropped).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'aws_associate_public_ip_address', reason: 'false' })]))
    expect(result.stdout).not.toContain('SENTINEL-SECRET-1234')
    matchGolden(`${JSON.stringify(json, null, 2)}\n`.split(halDir).join('$HAL_DIR'), 'bake/aws.plan.json')
  })

  it('--vm-type pv picks the pv entry; spotPrice auto adds the auto product (H:107-109, 162-164)', async () => {
    const json = (await plan(tempHalDir(CONFIG), '--region', 'us-east-1', '--base-image', 'ubuntu', '--package', 'nginx', '--vm-type', 'pv')).json()
    expect(vars(json).slice(0, 7)).toEqual(['aws_region=us-east-1', 'aws_instance_type=m3.medium', 'aws_source_ami=ami-a654321b', 'aws_target_ami=nginx-all-1700000000000-ubuntu', 'aws_ssh_username=ubuntu', 'aws_spot_price=auto', 'aws_spot_price_auto_product=Linux/UNIX (Amazon VPC)'])
  })

  it('--source-ami overrides the settings (H:117-119); --enhanced-networking adds aws_ena_support (H:183-185)', async () => {
    const json = (await plan(tempHalDir(CONFIG), '--region', 'us-east-1', '--base-image', 'ubuntu', '--package', 'nginx', '--source-ami', 'ami-12345678', '--enhanced-networking')).json()
    expect(vars(json)).toContain('aws_source_ami=ami-12345678')
    expect(vars(json)).toContain('aws_ena_support=true')
    // Only what hal config validate says of the bakery defaults this bake uses (the fixture's awsAssociatePublicIpAddress false).
    expect(json.problems.map((p: any) => p.rule)).toEqual(['aws/public-ip-false'])
  })

  it('a region with no settings: Rosco\'s message, naming what the image has (H:111-113)', async () => {
    const result = await plan(tempHalDir(CONFIG), '--region', 'eu-west-1', '--base-image', 'ubuntu', '--package', 'nginx')
    expect(result.exitCode).toBe(1)
    expect(result.json().problems[0]).toMatchObject({
      rule: 'bake/base-image', severity: 'error',
      message: "No virtualization settings found for region 'eu-west-1', operating system 'ubuntu', and vm type 'hvm'. It has settings for us-east-1/hvm, us-east-1/pv (region/type).",
    })
  })

  it('a source AMI that is a name: info, the name shown; Rosco resolves it at bake time (H:128-131)', async () => {
    const result = await plan(tempHalDir(CONFIG), '--region', 'us-east-1', '--base-image', 'bionic', '--package', 'nginx')
    expect(result.exitCode).toBe(0)
    const json = result.json()
    expect(vars(json)).toContain('aws_source_ami=bionic-base-123')
    expect(json.problems).toEqual([
      expect.objectContaining({ rule: 'aws/source-ami', severity: 'info', message: expect.stringContaining('Rosco asks Clouddriver for the first hvm image of that name in us-east-1') }),
      // What hal config validate says of the bakery defaults this bake uses.
      expect.objectContaining({ rule: 'aws/public-ip-false', severity: 'warning' }),
    ])
  })

  it('--account is the bake\'s account in the header and the JSON, though the halconfig has none: Rosco looks source AMI names up in it (H:97, 241-259)', async () => {
    const halDir = tempHalDir(CONFIG)
    const text = await hal(['bake', 'plan', '--provider', 'aws', '--region', 'us-east-1', '--base-image', 'bionic', '--package', 'nginx', '--account', 'aws-prod'], { halDir, env: { GALLEY_NOW_MS: NOW } })
    expect(text.exitCode, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/^ {2}account +aws-prod$/m)
    expect(text.stdout).toContain('(account aws-prod)')
    expect((await plan(halDir, '--region', 'us-east-1', '--base-image', 'ubuntu', '--package', 'nginx', '--account', 'aws-prod')).json().account).toBe('aws-prod')
  })

  it('no --region: an error saying where Rosco takes it from', async () => {
    const result = await plan(tempHalDir(CONFIG), '--base-image', 'ubuntu', '--package', 'nginx')
    expect(result.exitCode).toBe(1)
    expect(result.json().problems[0]).toMatchObject({ rule: 'bake/region', severity: 'error' })
  })
})

describe('hal bake plan --provider aws: a chroot template needs templatesNeedingRoot', () => {
  // Rosco runs packer with sudo only for a template *name* in templates-needing-root
  // (rosco-core/.../providers/CloudProviderBakeHandler.groovy:55-56,165-171 at spinnaker/rosco 030f7b6c);
  // its default is "templatesNeedingRoot: aws-chroot.json" (rosco-web/config/rosco.yml:52), which does not
  // list aws-multi-chroot.json although both use the amazon-chroot builder (halconfig/packer/aws-chroot.json:23,
  // halconfig/packer/aws-multi-chroot.json:38), and Packer's amazon-chroot builder runs only as root.
  const problemsOf = (json: any) => json.problems.filter((p: any) => p.rule === 'bake/templates-needing-root')
  const chrootTemplate = JSON.stringify({
    variables: { aws_region: null, aws_source_ami: null, aws_target_ami: null, aws_ssh_username: '', aws_instance_type: '', aws_spot_price: '', aws_spot_price_auto_product: '', aws_access_key: '', aws_secret_key: '', aws_subnet_id: '', repository: '', package_type: '', packages: '', configDir: null },
    builders: [{ type: 'amazon-chroot', region: '{{user `aws_region`}}', source_ami: '{{user `aws_source_ami`}}', ami_name: '{{user `aws_target_ami`}}' }],
  }, null, 2)

  it('Rosco\'s stock aws-multi-chroot.json, not in the default list: a warning naming the builder and the setting to add (exit 0); aws-chroot.json runs under sudo', async () => {
    const halDir = tempHalDir(CONFIG)
    const multi = await plan(halDir, '--region', 'us-east-1', '--base-image', 'ubuntu', '--package', 'nginx', '--template-file', 'aws-multi-chroot.json')
    expect(multi.exitCode, multi.stderr).toBe(0)
    expect(multi.json().argv[0]).toBe('packer')
    expect(problemsOf(multi.json())).toEqual([expect.objectContaining({
      severity: 'warning',
      message: 'aws-multi-chroot.json uses the amazon-chroot builder, which runs only as root, but templatesNeedingRoot (aws-chroot.json, from Rosco\'s rosco.yml) does not list it: Rosco runs packer without sudo and the build fails.',
      remediation: expect.stringContaining('Add it in the deployment\'s profiles/rosco-local.yml: templatesNeedingRoot: aws-chroot.json,aws-multi-chroot.json'),
    })])

    const single = await plan(halDir, '--region', 'us-east-1', '--base-image', 'ubuntu', '--package', 'nginx', '--template-file', 'aws-chroot.json')
    expect(single.json().argv.slice(0, 3)).toEqual(['sudo', 'packer', 'build'])
    expect(problemsOf(single.json())).toEqual([])

    // The bakery's templateFile is the same bake: the warning points at it.
    const fromBakery = tempHalDir(CONFIG.replace('templateFile: aws-ebs.json', 'templateFile: aws-multi-chroot.json'))
    const text = await hal(['bake', 'plan', '--provider', 'aws', '--region', 'us-east-1', '--base-image', 'ubuntu', '--package', 'nginx'], { halDir: fromBakery })
    expect(text.stdout).toContain(`[bake/templates-needing-root]`)
    expect(text.stdout).toContain(`${join(fromBakery, 'config')}:8:23 [bake/templates-needing-root]`)
  })

  it('a custom template read as it is: an amazon-chroot builder (JSON or HCL2) warns; listed in rosco-local.yml it runs under sudo, and that list replaces Rosco\'s default', async () => {
    const halDir = tempHalDir(CONFIG)
    const packerDir = join(halDir, 'default', 'profiles', 'rosco', 'packer')
    writeFile(join(packerDir, 'my-chroot.json'), chrootTemplate)
    writeFile(join(packerDir, 'my-chroot.pkr.hcl'), 'source "amazon-chroot" "bake" {\n  source_ami = "ami-12345678"\n  ami_name   = "x"\n}\nbuild {\n  sources = ["source.amazon-chroot.bake"]\n}\n')
    writeFile(join(packerDir, 'my-ebs.json'), chrootTemplate.replace('amazon-chroot', 'amazon-ebs'))
    const bake = (template: string) => plan(halDir, '--region', 'us-east-1', '--base-image', 'ubuntu', '--package', 'nginx', '--template-file', template)

    for (const template of ['my-chroot.json', 'my-chroot.pkr.hcl']) {
      expect(problemsOf((await bake(template)).json()), template).toEqual([expect.objectContaining({ message: expect.stringContaining(`${template} uses the amazon-chroot builder`) })])
    }
    expect(problemsOf((await bake('my-ebs.json')).json())).toEqual([])

    const roscoLocal = join(halDir, 'default', 'profiles', 'rosco-local.yml')
    writeFile(roscoLocal, 'templatesNeedingRoot: my-chroot.json\n')
    const listed = (await bake('my-chroot.json')).json()
    expect(listed.argv[0]).toBe('sudo')
    expect(problemsOf(listed)).toEqual([])
    // Rosco's aws-chroot.json is no longer listed: the deployment's value replaced the default.
    expect(problemsOf((await bake('aws-chroot.json')).json())).toEqual([expect.objectContaining({
      message: expect.stringContaining(`templatesNeedingRoot (my-chroot.json, from ${roscoLocal}) does not list it`),
      remediation: expect.stringContaining(`Add it in ${roscoLocal}: templatesNeedingRoot: my-chroot.json,aws-chroot.json`),
    })])
  })
})

describe.runIf(needsProgram('packer'))('hal bake validate --provider aws (real Packer 1.6.6, offline)', () => {
  const config = CONFIG.replace(/        awsAccessKey: .*\n        awsSecretKey: .*\n/, '')

  it('galley\'s aws-ebs.json with Rosco\'s variables passes', async () => {
    const result = await hal(['bake', 'validate', '--provider', 'aws', '--region', 'us-east-1', '--base-image', 'ubuntu', '--package', 'nginx'], { halDir: tempHalDir(config) })
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout + result.stderr).toContain('packer validate accepts aws-ebs.json')
  })

  it('enhanced networking on a spot instance: refused, as Packer refuses it', async () => {
    const result = await hal(['bake', 'validate', '--provider', 'aws', '--region', 'us-east-1', '--base-image', 'ubuntu', '--package', 'nginx', '--vm-type', 'pv', '--enhanced-networking'], { halDir: tempHalDir(config) })
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('[bake/enhanced-networking]')
  })
})

describe('hal config validate on an aws section', () => {
  it('an entry without a region or a virtualizationType: a remediation that names no flag twice and says to edit the file (base-image edit cannot pick the entry)', async () => {
    const halDir = tempHalDir(CONFIG
      .replace('          - region: us-east-1\n            virtualizationType: pv\n', '          - virtualizationType: pv\n')
      .replace('            virtualizationType: hvm\n            instanceType: t2.micro\n            sourceAmi: bionic-base-123', '            instanceType: t2.micro\n            sourceAmi: bionic-base-123'))
    const problems = (await hal(['config', 'validate', '--json'], { halDir })).json().problems
    expect(problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ rule: 'aws/region', line: 25, remediation: 'Give the entry a region in the file (region: us-east-1), or remove it: base-image edit picks an entry by --region and --virtualization-type, so it cannot reach this one.' }),
      expect.objectContaining({ rule: 'aws/virtualization-type', line: 35, remediation: expect.stringContaining('Give the entry a virtualizationType in the file (virtualizationType: hvm)') }),
    ]))
    const planned = (await hal(['bake', 'plan', '--json', '--provider', 'aws', '--region', 'us-east-1', '--base-image', 'ubuntu', '--package', 'nginx', '--vm-type', 'pv'], { halDir })).json().problems
    for (const p of [...problems, ...planned]) {
      // A flag given a value (` --region us-east-1`), not a flag named in a sentence (`--region/--vm-type`).
      for (const flag of ['--region', '--virtualization-type']) expect((p.remediation ?? '').split(` ${flag} `).length, `${p.rule}: ${p.remediation}`).toBeLessThanOrEqual(2)
    }
  })

  it('reports the aws rules at their lines, a name as sourceAmi as info only', async () => {
    const halDir = tempHalDir(CONFIG.replace('instanceType: m3.medium', 'instanceType: M3.MEDIUM'))
    const result = await hal(['config', 'validate', '--json'], { halDir })
    const problems = result.json().problems.map((p: any) => `${p.rule} ${p.severity} ${p.line}`)
    expect(problems).toEqual(expect.arrayContaining(['aws/instance-type error 27', 'aws/source-ami info 39', 'aws/public-ip-false warning 12']))
    expect(result.exitCode).toBe(1)
  })
})
