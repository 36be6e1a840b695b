/**
 * Oracle Cloud Infrastructure: Rosco's OCIBakeHandler (cloud_provider_type oracle) and Halyard's
 * oracle provider (spinnaker/halyard halyard-config .../model/v1/providers/oracle/), formerly
 * oraclebmcs.
 */
import { crypto } from '../lib/crypto.js'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { COMMON_ACCOUNT, COMMON_IMAGE } from './common.js'
import { defineProvider } from './define.js'
import { oracleAccount } from './oracle/rules/account.js'
import { oracleAvailabilityDomain } from './oracle/rules/availability-domain.js'
import { oracleBakeryRequired } from './oracle/rules/bakery-required.js'
import { oracleBaseImage } from './oracle/rules/base-image.js'
import { oracleFlexShape } from './oracle/rules/flex-shape.js'
import { oracleInstanceShape } from './oracle/rules/instance-shape.js'
import { oracleKeyFormat } from './oracle/rules/key-format.js'
import { oracleSubnetId } from './oracle/rules/subnet-id.js'
import { OCI_SHAPES } from './oracle/shapes.js'
import { shapeChoices } from './oracle/shape-choices.js'
import type { BakedImage, RoscoVariable } from '../model/provider.js'

const always = (name: string, from: string): RoscoVariable => ({ name, passed: 'always', from })
const whenSet = (name: string, from: string): RoscoVariable => ({ name, passed: 'when-set', from })

/** Oracle: `oracle-oci: An image was created: 'NAME' (OCID: ocid1.image...) in region ...`. */
export function oracleImage(lines: readonly string[]): BakedImage | undefined {
  const line = [...lines].reverse().find((l) => l.includes('oracle-oci: An image was created:'))
  if (!line) return undefined
  const name = line.split("'")[1]
  const id = /\(OCID: ([^)]+)\)/.exec(line)?.[1]
  return name ? { name, ...(id ? { id } : {}), from: 'log' } : undefined
}

/** The account keys OCIBakeHandler puts, in its order, with their variables. */
const ACCOUNT_VARIABLES: Array<[string, string]> = [
  ['oracle_compartment_id', 'compartmentId'], ['oracle_tenancy_id', 'tenancyId'], ['oracle_user_id', 'userId'], ['oracle_fingerprint', 'fingerprint'],
  ['oracle_ssh_private_key_file_path', 'sshPrivateKeyFilePath'], ['oracle_pass_phrase', 'privateKeyPassphrase'], ['oracle_region', 'region'],
]

export const oracle = defineProvider({
  name: 'oracle',
  title: 'Oracle Cloud Infrastructure',
  roscoType: 'oracle',
  roscoTitle: 'Oracle',
  // Oracle's old name, read and merged into oracle (which wins).
  sectionKeys: ['oraclebmcs', 'oracle'],
  variablePrefix: 'oracle_',

  bakery: ['availabilityDomain', 'subnetId', 'instanceShape', 'templateFile'],
  image: [...COMMON_IMAGE, 'osType', 'customRepository'],
  virtualization: ['baseImageId', 'sshUserName'],
  virtualizationShape: { kind: 'object' },
  account: ['compartmentId', 'userId', 'fingerprint', 'sshPrivateKeyFilePath', 'privateKeyPassphrase', 'tenancyId', 'region'],
  accountMore: COMMON_ACCOUNT.keys,
  flagNames: COMMON_ACCOUNT.flagNames,
  // OracleAddAccountCommand's flag is camel case.
  aliases: { tenancyId: ['tenancyId'] },
  entries: COMMON_ACCOUNT.entries,
  secrets: ['privateKeyPassphrase'],
  localFiles: ['sshPrivateKeyFilePath'],

  bake: {
    // OCIBakeHandler fills a java.util.HashMap: Java's hash order; every key is put, set or not.
    parameterMap: 'hash',
    account: 'required',
    unknownAccount: (name) => `Could not resolve Oracle account: (account_name=${name}).`,
    accountPurpose: 'credentials',
    masked: [],
    putVariables(c) {
      for (const [name, key] of ACCOUNT_VARIABLES) c.set(name, c.account?.[key], 'account', c.from.account(key), { fix: c.fix.account(key), secret: key === 'privateKeyPassphrase' })
      for (const [name, key] of [['oracle_availability_domain', 'availabilityDomain'], ['oracle_instance_shape', 'instanceShape'], ['oracle_subnet_id', 'subnetId']]) {
        c.set(name, c.bakery[key], 'bakery defaults', key, { fix: c.fix.bakery(key) })
      }
      for (const [name, key] of [['oracle_base_image_id', 'baseImageId'], ['oracle_ssh_user_name', 'sshUserName']]) {
        c.set(name, c.settings[key], 'base image', c.from.settings(key), { fix: c.fix.settings(key) })
      }
      c.set('oracle_image_name', c.imageName, 'computed', c.imageFrom)
      c.setIf('build_info_url', c.request.build_info_url, 'request', '--build-info-url', { fix: '--build-info-url URL' })
      c.putAppversion()
    },
    variables: [
      always('oracle_compartment_id', "the account's compartmentId"),
      always('oracle_tenancy_id', "the account's tenancyId"),
      always('oracle_user_id', "the account's userId"),
      always('oracle_fingerprint', "the account's fingerprint"),
      always('oracle_ssh_private_key_file_path', "the account's sshPrivateKeyFilePath"),
      always('oracle_region', "the account's region"),
      always('oracle_availability_domain', "bakeryDefaults' availabilityDomain"),
      always('oracle_instance_shape', "bakeryDefaults' instanceShape"),
      always('oracle_subnet_id', "bakeryDefaults' subnetId"),
      always('oracle_base_image_id', "the base image's baseImageId"),
      always('oracle_ssh_user_name', "the base image's sshUserName"),
      always('oracle_image_name', 'the image name Rosco builds from the package, arch, time and base image'),
      whenSet('oracle_pass_phrase', "the account's privateKeyPassphrase"),
      // spinnaker/rosco OCIBakeHandler.java passes these two as well, when set.
      whenSet('build_info_url', "the bake request's build_info_url"),
      whenSet('appversion', 'the application version built from the package and the request (build number, commit, job)'),
    ],
    requestFields: [],
    source: { settingsKey: 'baseImageId', example: 'OCID' },
  },

  packer: {
    builders: ['oracle-oci'],
    stockTemplates: ['oci.json'],
    shipped: ['oci.json'],
    validateNeeds: "the account's key file, a readable PKCS#1 key (BEGIN RSA PRIVATE KEY)",
    dummyValues: {
      oracle_compartment_id: 'ocid1.compartment.oc1..aaaaaaaagalleylint',
      oracle_tenancy_id: 'ocid1.tenancy.oc1..aaaaaaaagalleylint',
      oracle_user_id: 'ocid1.user.oc1..aaaaaaaagalleylint',
      oracle_fingerprint: '11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00',
      oracle_region: 'us-ashburn-1',
      oracle_availability_domain: 'lrFb:US-ASHBURN-AD-1',
      oracle_instance_shape: 'VM.Standard2.1',
      oracle_subnet_id: 'ocid1.subnet.oc1.iad.aaaaaaaagalleylint',
      oracle_base_image_id: 'ocid1.image.oc1.iad.aaaaaaaagalleylint',
      oracle_ssh_user_name: 'ubuntu',
      oracle_image_name: 'galley-lint-all-20240101000000-ubuntu',
    },
    writeFiles(dir) {
      // Packer 1.6.6 reads only PKCS#1 keys (BEGIN RSA PRIVATE KEY).
      const { privateKey } = crypto().generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
      const file = join(dir, 'oci_api_key.pem')
      writeFileSync(file, privateKey, { mode: 0o600 })
      return { oracle_ssh_private_key_file_path: file }
    },
    bakedImage: (lines) => oracleImage(lines),
  },

  config: {
    // ManagedOracleAccount.
    roscoAccountKeys: ['name', 'compartmentId', 'userId', 'fingerprint', 'sshPrivateKeyFilePath', 'privateKeyPassphrase', 'tenancyId', 'region'],
    // OracleBakeryDefaults.java:19-21, OracleBaseImage.java:24-25, 37-38.
    halyardKeys: {
      bakeryDefaults: ['templateFile', 'baseImages', 'availabilityDomain', 'subnetId', 'instanceShape'],
      entry: ['baseImage', 'virtualizationSettings'],
      baseImage: ['id', 'shortDescription', 'detailedDescription', 'packageType', 'templateFile'],
      virtualizationSettings: ['baseImageId', 'sshUserName'],
    },
    roscoOnlyBakeryKeys: [],
    keyOrder: {
      bakery: ['availabilityDomain', 'subnetId', 'instanceShape'],
      baseImage: ['osType', 'customRepository'],
      virtualization: ['baseImageId', 'sshUserName'],
      account: ['compartmentId', 'userId', 'fingerprint', 'sshPrivateKeyFilePath', 'privateKeyPassphrase', 'tenancyId', 'region'],
    },
    stockBaseImages: [],
    bakerySettingRules: ['oracle/bakery-required'],
  },

  rules: [oracleBakeryRequired, oracleAvailabilityDomain, oracleSubnetId, oracleInstanceShape, oracleFlexShape, oracleBaseImage, oracleAccount, oracleKeyFormat],

  examples: {
    account: {
      name: 'my-oci-account',
      add: 'bakery-account --compartment-id <COMPARTMENT_OCID> --user-id <USER_OCID> --fingerprint <KEY_FINGERPRINT> --ssh-private-key-file-path <PRIVATE_KEY_FILE> --tenancy-id <TENANCY_OCID> --region us-phoenix-1',
      edit: '--region us-ashburn-1',
    },
    image: { id: 'ol8', add: 'ol9 --base-image-id <IMAGE_OCID> --ssh-user-name opc --package-type rpm', edit: '--ssh-user-name opc' },
    package: 'nginx-1.20.1-1.el8.x86_64',
    bakery: '--availability-domain Uocm:PHX-AD-1 --instance-shape VM.Standard2.1',
  },

  wizard: {
    search: { instanceShape: { choices: shapeChoices } },
    options: {
      'instance-shape': {
        values: [...OCI_SHAPES.filter((s) => !s.deprecated), ...OCI_SHAPES.filter((s) => s.deprecated)].map((s) => s.name),
        form: 'Current shapes first, then previous-generation ones; a shape Oracle added since is accepted when it has the form VM|BM.<family>.<size>|Flex.',
      },
      'availability-domain': { values: [], form: 'An OCI availability domain: <tenancy prefix>:<REGION>-AD-<n>, e.g. Uocm:PHX-AD-1 (oci iam availability-domain list shows yours).' },
    },
  },
  sourceSummary: (vs) => (vs.baseImageId ? `${vs.baseImageId}` : undefined),
})
