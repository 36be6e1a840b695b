import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { afterAll, describe, expect, it } from 'vitest'
import { addInsteadOfEdit, accounts, baseImages, ListEdit, nameProblem } from '../../src/bakery/bakery.js'
import { parseYaml } from '../../src/config/source.js'
import { formatFinding } from '../../src/model/rule-helpers.js'
import type { Problem } from '../../src/model/problem.js'
import { validateDocument } from '../../src/validate/index.js'

/**
 * What galley's messages say about the names and values they are given: commands to paste that
 * carry the value they tell the user to use, quoted as a POSIX shell needs; names that stay
 * visible when empty or blank; and the one rule for item names.
 */

const halDir = mkdtempSync(join(tmpdir(), 'galley-messages-'))
afterAll(() => rmSync(halDir, { recursive: true, force: true }))

const problemsOf = (providers: unknown): Problem[] =>
  validateDocument(parseYaml(stringify({ currentDeployment: 'default', deploymentConfigurations: [{ name: 'default', providers }] }), join(halDir, 'config')), { halDir })
const remediationOf = (problems: Problem[], rule: string, path: string) => {
  const found = problems.filter((p) => p.rule === rule && p.path === path)
  expect(found, `${rule} at ${path} in ${JSON.stringify(problems.map((p) => [p.rule, p.path]))}`).toHaveLength(1)
  return found[0].remediation
}

describe('formatFinding: the command of a fix carries the value the fix says to use', () => {
  const failed = { ok: false as const, reason: 'it is wrong', suggestion: 'b c' }
  it('a command with a slot gets the corrected value, quoted for the shell; without one, the example', () => {
    const fix = (corrected: string | undefined) => `hal config provider p bakery edit --x ${corrected ?? 'EXAMPLE'}`
    expect(formatFinding(['x'], 'X', 'a', failed, (v) => fix(v === undefined ? undefined : `'${v}'`))[0].remediation).toBe(`Use "b c". hal config provider p bakery edit --x 'b c'`)
    expect(formatFinding(['x'], 'X', 'a', { ok: false, reason: 'it is wrong' }, fix)[0].remediation).toBe('hal config provider p bakery edit --x EXAMPLE')
  })
  it('text stays text', () => {
    expect(formatFinding(['x'], 'X', 'a', failed, 'Edit the file.')[0].remediation).toBe('Use "b c". Edit the file.')
    expect(formatFinding(['x'], 'X', 'a', { ok: true }, 'Edit the file.')).toEqual([])
  })
})

describe('the rules\' fixes, with the corrected value and the names quoted', () => {
  it('google: a family with a space in an image whose id has one', () => {
    const problems = problemsOf({ google: { enabled: true, bakeryDefaults: { zone: 'us-central1-f', network: 'default', baseImages: [{ baseImage: { id: 'my image', packageType: 'deb' }, virtualizationSettings: { sourceImageFamily: 'Bad Family' } }] } } })
    expect(remediationOf(problems, 'google/source-image', '/deploymentConfigurations/0/providers/google/bakeryDefaults/baseImages/0/virtualizationSettings/sourceImageFamily'))
      .toBe(`Use "bad-family". hal config provider google bakery base-image edit 'my image' --source-image-family bad-family`)
    expect(remediationOf(problems, 'bakery/image-name', '/deploymentConfigurations/0/providers/google/bakeryDefaults/baseImages/0/baseImage/id'))
      .toBe(`Rename it: hal config provider google bakery base-image edit 'my image' --id my-image`)
  })
  it('google: a region given as the zone gets the zone, not the example zone', () => {
    const problems = problemsOf({ google: { enabled: true, bakeryDefaults: { zone: 'europe-west1', network: 'default' } } })
    const fix = remediationOf(problems, 'google/zone', '/deploymentConfigurations/0/providers/google/bakeryDefaults/zone')
    expect(fix).toMatch(/^Use "europe-west1-(\w)"\. hal config provider google bakery edit --zone europe-west1-\1$/)
  })
  it('azure: a URN pasted into offer gets its offer part; a display name among regions keeps the others', () => {
    const image = { baseImage: { id: 'ubuntu', packageType: 'deb', publisher: 'Canonical', offer: 'Canonical:UbuntuServer:18.04-LTS', sku: '18.04-LTS' } }
    const account = { name: 'my account', regions: ['westus', 'West US 2', 'eastus'] }
    const problems = problemsOf({ azure: { enabled: true, accounts: [account], bakeryDefaults: { baseImages: [image] } } })
    expect(remediationOf(problems, 'azure/image-source', '/deploymentConfigurations/0/providers/azure/bakeryDefaults/baseImages/0/baseImage/offer'))
      .toBe('Use "UbuntuServer". hal config provider azure bakery base-image edit ubuntu --offer UbuntuServer')
    expect(remediationOf(problems, 'azure/region', '/deploymentConfigurations/0/providers/azure/accounts/0/regions/1'))
      .toBe(`Use "westus2". hal config provider azure account edit 'my account' --regions westus,westus2,eastus`)
  })
  it('aws: a zone among an account\'s regions, in an account whose name has a space', () => {
    const problems = problemsOf({ aws: { enabled: true, accounts: [{ name: 'my acct', regions: [{ name: 'us-east-1a' }] }] } })
    expect(remediationOf(problems, 'aws/region', '/deploymentConfigurations/0/providers/aws/accounts/0/regions/0/name'))
      .toBe(`Use "us-east-1". hal config provider aws account edit 'my acct' --remove-region us-east-1a --add-region us-east-1`)
  })
  it('aws: an HVM virtualization type of an image with a quote in its id', () => {
    const settings = { region: 'us-east-1', virtualizationType: 'HVM', instanceType: 't3.small', sourceAmi: 'ami-0123456789abcdef0', sshUserName: 'ubuntu' }
    const problems = problemsOf({ aws: { enabled: true, bakeryDefaults: { templateFile: 'aws-ebs.json', baseImages: [{ baseImage: { id: `bob's`, packageType: 'deb' }, virtualizationSettings: [settings] }] } } })
    const fix = problems.find((p) => p.rule === 'aws/virtualization-type' && p.path.endsWith('/virtualizationType'))?.remediation
    expect(fix).toBe(`Use "hvm". hal config provider aws bakery base-image edit 'bob'\\''s' --region us-east-1 --virtualization-type hvm`)
  })
})

describe('nameProblem: the one rule for an item\'s name (commands, --id and the wizard)', () => {
  it('refuses the empty, the blank, white space at an end and control characters', () => {
    expect(nameProblem(baseImages, '')).toBe('the base image\'s id cannot be empty: a bake names its base image (base_os) by it')
    expect(nameProblem(accounts, ' ', '--id')).toBe('the account\'s name cannot be blank (--id): a bake names its account by it')
    expect(nameProblem(baseImages, ' x')).toContain('" x" starts or ends with white space')
    expect(nameProblem(baseImages, 'x\t')).toContain('starts or ends with white space')
    expect(nameProblem(baseImages, 'a\nb')).toContain('"a\\nb" holds an invisible or control character')
    expect(nameProblem(baseImages, 'a\u200bb')).toContain('holds an invisible or control character')
  })
  it('allows spaces inside, as Halyard does', () => {
    expect(nameProblem(baseImages, 'my image')).toBeUndefined()
    expect(nameProblem(accounts, 'prod')).toBeUndefined()
  })
})

describe('addInsteadOfEdit: a refused add\'s fixes are the add again, not an edit of what was never written', () => {
  const edit = 'hal config provider oracle account edit'
  const add = 'hal config provider oracle account add'
  it('turns the edit of the item into the add, "..." standing for the flags given', () => {
    expect(addInsteadOfEdit(`${edit} 'my acct' --user-id VALUE`, edit, add, 'my acct')).toBe(`${add} 'my acct' ... --user-id VALUE`)
    expect(addInsteadOfEdit(`Convert it: openssl ..., then ${edit} oci --ssh-private-key-file-path k.pem`, edit, add, 'oci')).toBe(`Convert it: openssl ..., then ${add} oci ... --ssh-private-key-file-path k.pem`)
  })
  it('turns a rename into an add under the new name', () => {
    const e = 'hal config provider google bakery base-image edit'
    const a = 'hal config provider google bakery base-image add'
    expect(addInsteadOfEdit(`Rename it: ${e} 'My Image' --id my-image`, e, a, 'My Image')).toBe(`Rename it: ${a} my-image ...`)
    expect(addInsteadOfEdit(`Rename it: ${e} x --id 'a b'`, e, a, 'x')).toBe(`Rename it: ${a} 'a b' ...`)
  })
  it('turns an entry swapped in a list (which add has no flags for) into the list flag with the new entry', () => {
    const e = 'hal config provider aws account edit'
    const a = 'hal config provider aws account add'
    expect(addInsteadOfEdit(`${e} 'my acct' --remove-region US-EAST-1 --add-region us-east-1`, e, a, 'my acct', { region: 'regions' })).toBe(`${a} 'my acct' ... --regions us-east-1`)
    expect(addInsteadOfEdit(`${e} prod --remove-region 'us east 1' --add-region us-east-1`, e, a, 'prod', { region: 'regions' })).toBe(`${a} prod ... --regions us-east-1`)
    // A list this command does not know stays as the rule wrote it.
    expect(addInsteadOfEdit(`${e} prod --remove-zone a --add-zone b`, e, a, 'prod', { region: 'regions' })).toBe(`${a} prod ... --remove-zone a --add-zone b`)
  })
  it('leaves other commands alone (another item, the bakery defaults)', () => {
    expect(addInsteadOfEdit(`${edit} other --user-id VALUE`, edit, add, 'oci')).toBe(`${edit} other --user-id VALUE`)
    expect(addInsteadOfEdit(`${edit} oci2 --user-id VALUE`, edit, add, 'oci')).toBe(`${edit} oci2 --user-id VALUE`)
    expect(addInsteadOfEdit(`(${edit} oci), then`, edit, add, 'oci')).toBe(`(${add} oci ...), then`)
    // A name with $ in it is written as it is (not read as a replacement pattern).
    expect(addInsteadOfEdit(`${edit} 'a$&b' --user-id VALUE`, edit, add, 'a$&b')).toBe(`${add} 'a$&b' ... --user-id VALUE`)
    expect(addInsteadOfEdit('hal config provider oracle bakery edit --subnet-id X', edit, add, 'oci')).toBe('hal config provider oracle bakery edit --subnet-id X')
  })
})

describe('ListEdit.idle: the entries of --add-X / --remove-X that change nothing', () => {
  it('names added entries already there and removed ones not there', () => {
    const regions = [{ name: 'us-east-1' }, { name: 'eu-west-1' }]
    expect(new ListEdit(['us-east-1', 'us-west-2'], ['ap-south-1', 'eu-west-1'], 'name').idle(regions)).toEqual({ present: ['us-east-1'], absent: ['ap-south-1'] })
    expect(new ListEdit(['a'], ['b']).idle(undefined)).toEqual({ present: [], absent: ['b'] })
    expect(new ListEdit(['a'], []).idle(['a'])).toEqual({ present: ['a'], absent: [] })
  })
})
