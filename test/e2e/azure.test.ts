import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, fixture, hal, matchGolden, read, tempHalDir } from '../helpers/hal.js'
import { needsProgram } from '../helpers/tools.js'

// The Azure bakery end to end, through the real bin/run.js: Halyard's commands
// (halyard-cli .../config/providers/azure/), validate, bake plan (Rosco's AzureBakeHandler,
// rosco 030f7b6c), bake validate with the real Packer 1.6.6, and generate rosco.

const NOW = '1700000000000'
const G = {
  client: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  subscription: '9b2b3c4d-1e2f-4a5b-8c9d-0e1f2a3b4c5d',
  object: '2121ce3f-ad4f-4c93-8e1d-62884a22eba6',
}

async function sequence(halDir: string, commands: string[][]) {
  const outputs: string[] = []
  for (const args of commands) {
    const result = await hal(args, { halDir })
    if (result.exitCode !== 0) throw new Error(`hal ${args.join(' ')} exited ${result.exitCode}:\n${result.stderr}`)
    outputs.push(result.stdout + result.stderr)
  }
  return outputs
}

const azure = (...args: string[]) => ['config', 'provider', 'azure', ...args]

const AZURE_SEQUENCE = [
  azure('enable'),
  azure('bakery', 'edit', '--template-file', 'azure-linux.pkr.hcl'),
  azure('bakery', 'base-image', 'add', 'ubuntu-2204', '--publisher', 'Canonical', '--offer', '0001-com-ubuntu-server-jammy', '--sku', '22_04-lts-gen2', '--package-type', 'deb', '--short-description', 'v22.04'),
  azure('bakery', 'base-image', 'add', 'centos', '--publisher', 'OpenLogic', '--offer', 'CentOS', '--sku', '7.1', '--image-version', '7.1.20150731', '--package-type', 'rpm', '--os-type', 'linux'),
  azure('bakery', 'base-image', 'add', 'old', '--publisher', 'Canonical', '--offer', 'UbuntuServer', '--sku', '16.04-LTS', '--package-type', 'deb'),
  azure('bakery', 'base-image', 'edit', 'centos', '--id', 'centos-7'),
  azure('bakery', 'base-image', 'edit', 'ubuntu-2204', '--detailed-description', 'Ubuntu Server 22.04 LTS'),
  azure('bakery', 'base-image', 'delete', 'old'),
  azure('account', 'add', 'azure-bakery', '--client-id', G.client, '--app-key=SENTINEL-APP-KEY-42', '--tenant-id', G.tenant, '--subscription-id', G.subscription,
    '--default-resource-group', 'spinnaker', '--default-key-vault', 'spinnaker-vault', '--packer-resource-group', 'spinnaker-bakery', '--regions', 'westus,eastus2'),
]

describe('azure bakery commands', () => {
  it('build the bakery from an empty hal dir, exactly as the golden file says', async () => {
    const halDir = tempHalDir()
    await sequence(halDir, AZURE_SEQUENCE)
    matchGolden(read(join(halDir, 'config')), 'golden/azure-sequence.yml')
    const [get] = await sequence(halDir, [azure('bakery', 'base-image', 'get', 'centos-7')])
    expect(get).toContain('publisher: OpenLogic')
  })

  it('base-image add without --offer and --sku (Halyard requires them: AzureAddBaseImageCommand.java:31-47) is refused, naming both, writing nothing', async () => {
    const halDir = tempHalDir()
    await sequence(halDir, AZURE_SEQUENCE.slice(0, 1))
    const before = read(join(halDir, 'config'))
    const result = await hal(azure('bakery', 'base-image', 'add', 'x', '--publisher', 'Canonical', '--package-type', 'deb'), { halDir })
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('Base image x has no offer, sku')
    expect(result.stderr).toContain('--offer 0001-com-ubuntu-server-jammy --sku 22_04-lts-gen2')
    expect(read(join(halDir, 'config'))).toBe(before)
  })

  it('base-image add writes version latest when --image-version is not given, as Halyard does (AzureAddBaseImageCommand.java:61)', async () => {
    const halDir = tempHalDir()
    await sequence(halDir, AZURE_SEQUENCE.slice(0, 3))
    expect(read(join(halDir, 'config'))).toContain('sku: 22_04-lts-gen2\n            version: latest\n')
  })

  it('never print the app key', async () => {
    const halDir = tempHalDir()
    const outputs = await sequence(halDir, [...AZURE_SEQUENCE, ['config'], azure('account', 'get', 'azure-bakery'), azure('account', 'get', 'azure-bakery', '--json'), azure('account', 'list')])
    const validation = await hal(['config', 'validate', '--format', 'json'], { halDir })
    for (const out of [...outputs, validation.stdout, validation.stderr]) expect(out).not.toContain('SENTINEL-APP-KEY-42')
  })

  it('refuse a display name as a region and a subscription that is no GUID, naming the fix', async () => {
    const halDir = tempHalDir()
    await sequence(halDir, AZURE_SEQUENCE)
    const result = await hal(azure('account', 'edit', 'azure-bakery', '--subscription-id', '123ABC', '--regions', 'West US 2'), { halDir })
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('subscription id')
    expect(result.stderr).toContain('Use "westus2"')
  })
})

async function plan(halDir: string, args: string[]) {
  return hal(['bake', 'plan', '--json', '--provider', 'azure', ...args], { halDir, env: { GALLEY_NOW_MS: NOW } })
}

describe('a value of the wrong type is said once, by the schema, never as "[object Object]"', () => {
  it('an offer written as a mapping and a sku as a list: schema/type for each, no format check of their text form (validate and plan)', async () => {
    const halDir = tempHalDir(fixture('bake/azure.yml').replace('offer: CentOS', 'offer: {name: CentOS}').replace("sku: '7.1'", 'sku: [7, 1]'))
    const validate = await hal(['config', 'validate', '--json'], { halDir })
    expect(validate.exitCode).toBe(1)
    const onCentos = validate.json().problems.filter((p: any) => p.location === 'default.provider.azure.bakeryDefaults.centos' && p.severity === 'error')
    expect(onCentos.map((p: any) => `${p.rule} ${p.line}`)).toEqual(['schema/type 47', 'schema/type 48'])
    const text = await hal(['config', 'validate'], { halDir })
    expect(text.stdout).toContain('offer of base image centos must be text, not a mapping.')
    expect(text.stdout + text.stderr).not.toContain('[object Object]')
    const planned = await plan(halDir, ['--region', 'westus', '--base-image', 'centos', '--package', 'nginx'])
    expect(planned.exitCode).toBe(1)
    expect(planned.stdout).not.toContain('[object Object]')
    expect(planned.json().problems.filter((p: any) => p.path.includes('/baseImages/1/')).map((p: any) => p.rule)).toEqual(['schema/type', 'schema/type'])
  })

  it('account add --help shows how --useSshPublicKey is given: a switch is not a secret, so nothing is redacted', async () => {
    const help = await hal(azure('account', 'add', '--help'), { halDir: tempHalDir() })
    expect(help.exitCode).toBe(0)
    expect(help.stdout).toContain('--useSshPublicKey, --useSshPublicKey=true|false and --no-useSshPublicKey.')
    expect(help.stdout).not.toContain('<redacted>')
  })

  it('an offer of the wrong form is "an offer"', async () => {
    const halDir = tempHalDir(fixture('bake/azure.yml'))
    const result = await hal(azure('bakery', 'base-image', 'edit', 'centos', '--offer', 'Cent OS'), { halDir })
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('The offer of base image centos "Cent OS" is not valid: an offer name has letters, digits')
  })
})

describe('hal bake plan --provider azure: Rosco\'s AzureBakeHandler', () => {
  it('ubuntu with a build number and base name, on galley\'s azure-linux.pkr.hcl: golden plan', async () => {
    const halDir = tempHalDir(fixture('bake/azure.yml'))
    cpSync(join(ROOT, 'templates', 'azure-linux.pkr.hcl'), join(halDir, 'default', 'profiles', 'rosco', 'packer', 'azure-linux.pkr.hcl'))
    const result = await plan(halDir, ['--region', 'westus', '--base-image', 'ubuntu-2204', '--package', 'myapp_1.2.3-4_all', '--build-number', '42', '--base-name', 'production'])
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
    matchGolden(`${JSON.stringify(result.json(), null, 2).split(halDir).join('$HAL_DIR')}\n`, 'bake/azure.plan.json')
  })

  it('passes the -vars in Rosco\'s order, masks the service principal and cleans the managed image name (AzureBakeHandler.groovy:107-165)', async () => {
    const halDir = tempHalDir(fixture('bake/azure.yml'))
    const result = await plan(halDir, ['--region', 'westus', '--base-image', 'ubuntu-2204', '--package', 'myapp_1.2.3-4_all', '--base-name', 'my app!', '--base-label', 'release'])
    const json = result.json()
    expect(json.variables.map((v: any) => v.name)).toEqual([
      'azure_location', 'azure_image_publisher', 'azure_image_offer', 'azure_image_sku', 'azure_client_id', 'azure_client_secret', 'azure_resource_group',
      'azure_subscription_id', 'azure_tenant_id', 'azure_object_id', 'azure_managed_image_name', 'package_type', 'packages', 'configDir',
    ])
    const value = (name: string) => json.variables.find((v: any) => v.name === name)?.value
    expect(value('azure_client_id')).toBe('<redacted>')
    expect(value('azure_client_secret')).toBe('<redacted>')
    expect(value('azure_managed_image_name')).toBe('myapp-all-release-ubuntu-2204'.replace('myapp', 'myapp'))
    expect(JSON.stringify(json)).not.toContain('SENTINEL-APP-KEY-42')
  })

  it('the request\'s publisher, offer and sku replace the base image\'s; a second account by name', async () => {
    const halDir = tempHalDir(fixture('bake/azure.yml'))
    const result = await plan(halDir, ['--region', 'eastus2', '--base-image', 'ubuntu-2204', '--package', 'nginx', '--publisher', 'Debian', '--offer', 'debian-12', '--sku', '12', '--account', 'azure-second'])
    const pairs = result.json().argv.filter((a: string) => a.startsWith('azure_'))
    expect(pairs).toEqual(expect.arrayContaining(['azure_location=eastus2', 'azure_image_publisher=Debian', 'azure_image_offer=debian-12', 'azure_image_sku=12', 'azure_tenant_id=contoso.onmicrosoft.com', 'azure_resource_group=second-bakery']))
    expect(pairs.some((p: string) => p.startsWith('azure_object_id='))).toBe(false)
  })

  it('an unknown base image and an unknown account are Rosco\'s errors, exit 1', async () => {
    const halDir = tempHalDir(fixture('bake/azure.yml'))
    const unknown = await plan(halDir, ['--region', 'westus', '--base-image', 'nope', '--package', 'nginx'])
    expect(unknown.exitCode).toBe(1)
    expect(JSON.stringify(unknown.json().problems)).toContain("No virtualization settings found for 'nope'.")
    const account = await plan(halDir, ['--region', 'westus', '--base-image', 'ubuntu-2204', '--package', 'nginx', '--account', 'nope'])
    expect(JSON.stringify(account.json().problems)).toContain('Could not resolve Azure account: (account_name=nope).')
  })

  it('Rosco\'s own azure-linux.pkr.hcl declares neither azure_object_id nor appversion: an error naming both, fixed by galley\'s copy', async () => {
    const halDir = tempHalDir(fixture('bake/azure.yml'))
    const args = ['--region', 'westus', '--base-image', 'ubuntu-2204', '--package', 'myapp_1.2.3-4_all', '--build-number', '42']
    const stock = await plan(halDir, args)
    expect(stock.exitCode).toBe(1)
    // hal config validate's warning on the account (azure/stock-template-variables), then the plan's error on this very bake.
    expect(stock.json().problems.map((p: any) => [p.rule, p.severity])).toEqual([['azure/stock-template-variables', 'warning'], ['bake/undeclared-variable', 'error']])
    const problem = stock.json().problems[1]
    expect(problem.message).toContain("Rosco's own azure-linux.pkr.hcl does not declare azure_object_id, appversion")
    expect(problem.remediation).toBe("Install galley's azure-linux.pkr.hcl, which declares them, as the deployment's own: hal config bakery template init azure-linux.pkr.hcl --from azure-linux.pkr.hcl")
    expect((await hal(['config', 'bakery', 'template', 'init', 'azure-linux.pkr.hcl', '--from', 'azure-linux.pkr.hcl'], { halDir })).exitCode).toBe(0)
    const custom = await plan(halDir, args)
    expect(custom.json().problems).toEqual([])
    expect(custom.exitCode).toBe(0)
  })

  it('an extended attribute the HCL2 template does not declare is an error before Packer runs', async () => {
    const halDir = tempHalDir(fixture('bake/azure.yml'))
    await hal(['config', 'bakery', 'template', 'init', 'azure-linux.pkr.hcl', '--from', 'azure-linux.pkr.hcl'], { halDir })
    const result = await plan(halDir, ['--region', 'westus', '--base-image', 'ubuntu-2204', '--package', 'nginx', '--extended-attribute', 'someAttr1=someValue1', '--extended-attribute', 'azure_vm_size=Standard_D4s_v5'])
    expect(result.exitCode).toBe(1)
    expect(result.json().problems.map((p: any) => p.message)).toEqual([expect.stringContaining('azure-linux.pkr.hcl does not declare someAttr1')])
  })
})

describe.runIf(needsProgram('packer'))('hal bake validate --provider azure: the real Packer 1.6.6, offline', () => {
  const validate = (halDir: string, ...more: string[]) => hal(['bake', 'validate', '--provider', 'azure', '--region', 'westus', '--base-image', 'ubuntu-2204', '--package', 'myapp_1.2.3-4_all', '--build-number', '42', ...more], { halDir, env: { GALLEY_NOW_MS: NOW } })

  it('passes with galley\'s azure-linux.pkr.hcl installed and Rosco\'s variables for the fixture (azure_object_id and appversion included)', async () => {
    const halDir = tempHalDir(fixture('bake/azure.yml'))
    cpSync(join(ROOT, 'templates', 'azure-linux.pkr.hcl'), join(halDir, 'default', 'profiles', 'rosco', 'packer', 'azure-linux.pkr.hcl'), { recursive: true })
    const result = await validate(halDir)
    expect(result.exitCode, result.stdout + result.stderr).toBe(0)
  })

  it('stops on Rosco\'s own stock template, which Packer would refuse in Rosco (galley does not run its own copy in its place)', async () => {
    const result = await validate(tempHalDir(fixture('bake/azure.yml')))
    expect(result.exitCode).toBe(1)
    expect(result.stdout + result.stderr).toContain('Undefined -var variable')
  })

  it('stops before Packer on a managed image name Packer refuses: one that ends in "-" after Rosco\'s cut to 75', async () => {
    const halDir = tempHalDir(fixture('bake/azure.yml'))
    cpSync(join(ROOT, 'templates', 'azure-linux.pkr.hcl'), join(halDir, 'default', 'profiles', 'rosco', 'packer', 'azure-linux.pkr.hcl'), { recursive: true })
    const result = await validate(halDir, '--base-name', `${'a'.repeat(71)}-bcd`)
    expect(result.exitCode).toBe(1)
    expect(result.stdout + result.stderr).toContain(`Rosco makes the managed image name "42-${'a'.repeat(71)}-"`)
    expect(result.stdout + result.stderr).toContain("it ends with '-'")
  })
})

describe('hal config generate for azure', () => {
  it('rosco: the accounts with the keys Rosco binds (RoscoAzureConfiguration.groovy:68-77), then Halyard\'s stock Azure images merged after the halconfig\'s', async () => {
    const halDir = tempHalDir(fixture('bake/azure.yml'))
    const out = join(halDir, '..', 'rosco-out')
    const result = await hal(['config', 'generate', 'rosco', '--output', out], { halDir })
    expect(result.exitCode, result.stderr).toBe(0)
    const { parse } = await import('yaml')
    const rosco = parse(read(join(out, 'rosco-local.yml')))
    expect(Object.keys(rosco.azure.accounts[0])).toEqual(['name', 'clientId', 'appKey', 'tenantId', 'subscriptionId', 'objectId', 'packerResourceGroup', 'packerStorageAccount'])
    expect(rosco.azure.bakeryDefaults.baseImages.map((e: any) => e.baseImage.id)).toEqual(['ubuntu-2204', 'centos', 'ubuntu-1604', 'ubuntu-1804', 'ubuntu-1404', 'windows-2012-r2'])
    expect(result.stderr).toContain('azure.accounts.azure-bakery.appKey is written in plain text')
    expect(result.stderr).not.toContain('SENTINEL-APP-KEY-42')
  })

  it('operator: the section in Halyard\'s keys (osType, which Halyard does not know, left out of it), Clouddriver\'s account keys kept', async () => {
    const halDir = tempHalDir(fixture('bake/azure.yml'))
    const file = join(halDir, '..', 'spinnakerservice.yml')
    const result = await hal(['config', 'generate', 'operator', '--output', file], { halDir })
    expect(result.exitCode, result.stderr).toBe(0)
    const { parse } = await import('yaml')
    const azureSection = parse(read(file)).spec.spinnakerConfig.config.providers.azure
    expect(azureSection.accounts[0]).toMatchObject({ defaultKeyVault: 'spinnaker-vault', regions: ['westus', 'eastus2'] })
    expect(azureSection.bakeryDefaults.baseImages[0].baseImage).toMatchObject({ publisher: 'Canonical', sku: '22_04-lts-gen2', version: 'latest' })
    expect(azureSection.bakeryDefaults.baseImages[0].baseImage).not.toHaveProperty('osType')
  })
})
