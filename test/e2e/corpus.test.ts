import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hal, SHARED } from '../helpers/hal.js'

/**
 * The real-world corpus beside the project (../shared/corpus), when it is there: files from
 * public Spinnaker and Armory repositories. `.INVALID` in a name marks a file Halyard or Packer
 * rejects: galley must report an error. Every other file must validate without error, unless
 * this table says why galley judges it differently.
 */
const corpus = join(SHARED, 'corpus')

interface Verdict {
  /** The kind the file is read as. */
  kind: string
  /** Rules galley reports at error level on a file Halyard and Rosco read, and why. */
  errors?: string[]
  why?: string
  /** A file galley does not validate: exit 3 with one sentence. */
  notValidated?: boolean
}

const VERDICTS: Record<string, Verdict> = {
  'armory__spinnaker-operator__pkg__deploy__spindeploy__transformer__testdata__halconfig.yml': { kind: 'deployment' },
  'spinnaker__halyard__AccountServiceSpec.groovy__duplicate-account-across-providers.INVALID.yml': { kind: 'halconfig' },
  'spinnaker__halyard__AccountServiceSpec.groovy__duplicate-account-in-provider.INVALID.yml': { kind: 'halconfig' },
  'spinnaker__halyard__HalconfigParserSpec.groovy__accept-minimal.yml': { kind: 'halconfig' },
  'spinnaker__halyard__HalconfigParserSpec.groovy__reject-typo.INVALID.yml': { kind: 'halconfig' },
  'spinnaker__kleat__testdata__halconfig.yml': {
    kind: 'deployment',
    errors: ['account/file', 'aws/credentials', 'aws/region', 'bakery/package-type', 'bakery/template-file', 'oracle/account', 'oracle/availability-domain', 'oracle/base-image', 'oracle/instance-shape', 'oracle/subnet-id'],
    why: 'kleat\'s test data fills every field with a stand-in ("domain", "id", "shape", "subnetid", "vpcid", the region "myregion", key files that do not exist here): a bake with them fails, and Halyard\'s own Oracle validators never run (SPEC.md §5).',
  },
  'spinnaker__kleat__testdata__halconfig_with_plugins.yml': { kind: 'deployment' },
  'spinnaker__spinnaker-config__halconfig.yml': { kind: 'deployment' },
  'spinnaker__spinnaker.github.io__downloads__kubernetes__quick-install.yml__configmap-halconfig-config.yml': { kind: 'halconfig' },
  'spinnaker__kleat__testdata__rosco.yml': {
    kind: 'rosco',
    errors: ['aws/credentials', 'aws/region', 'bakery/package-type', 'bakery/template-file', 'oracle/account', 'oracle/availability-domain', 'oracle/base-image', 'oracle/instance-shape', 'oracle/subnet-id'],
    why: 'kleat\'s expected output for the stand-in halconfig above: the same stand-in values, which Rosco would pass to Packer as they are.',
  },
  'spinnaker__rosco__GCEBakeHandlerSpec.groovy__transcribed-rosco-local.yml': {
    kind: 'rosco',
    errors: ['google/source-image'],
    why: 'Rosco\'s GCEBakeHandlerSpec gives the base image "coyote" no source image on purpose, to test "No virtualization settings found": a bake of it fails.',
  },
  'spinnaker__rosco__OCIBakeHandlerSpec.groovy__transcribed-rosco-local.yml': {
    kind: 'rosco',
    errors: ['oracle/account'],
    why: 'Rosco\'s OCIBakeHandlerSpec uses account values such as "myfingerprint" and "compartmentId2", which OCI refuses on a real bake.',
  },
  'spinnaker__rosco__halconfig__images.yml': { kind: 'rosco' },
  'spinnaker__rosco__rosco-web__config__rosco.yml': { kind: 'rosco' },
  'spinnaker__rosco__rosco-web__config__rosco.yml__rev-12a41ce.yml': { kind: 'rosco' },
  'spinnaker__rosco__rosco-web__config__rosco.yml__rev-277b273.INVALID-dupkeys.yml': { kind: 'rosco' },
  'armory__spinnaker-config-deb__deb-config__spinnaker__config__packer__aws-custom.json': {
    kind: 'packer-template',
    errors: ['template/missing-file'],
    why: 'it runs {{user `configDir`}}/install-custom.sh; in its repository the script sits beside it, in the corpus under a longer name, so here it is missing.',
  },
  'armory__spinnaker-config-deb__deb-config__spinnaker__config__packer__install-custom.sh': { kind: 'unknown', notValidated: true },
  'armory__spinnaker-operator__pkg__halconfig__halconfig_test.go__profiles__rosco__packer__aws-custom.INVALID-json.json': { kind: 'packer-template' },
  'spinnaker__rosco__halconfig__packer__gce.json': { kind: 'packer-template' },
  'spinnaker__rosco__halconfig__packer__install_packages.sh': { kind: 'unknown', notValidated: true },
  'spinnaker__rosco__halconfig__packer__oci.json': { kind: 'packer-template' },
  'spinnaker__rosco__rosco-web__config__packer__gce__rev-587ba7f.json': { kind: 'packer-template' },
  'spinnaker__rosco__rosco-web__config__packer__oci__rev-163f786.json': { kind: 'packer-template' },
}

describe.runIf(existsSync(corpus))('the real-world corpus', () => {
  // runIf still collects this body: without the corpus there is nothing to list.
  const files = (existsSync(corpus) ? readdirSync(corpus, { withFileTypes: true }) : [])
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) => readdirSync(join(corpus, dir.name)).map((name) => join(corpus, dir.name, name)))

  for (const file of files) {
    const name = file.split('/').pop()!
    const invalidFile = name.includes('.INVALID')
    const verdict = VERDICTS[name]
    it(`${invalidFile ? 'rejects' : verdict?.notValidated ? 'declines, in one sentence,' : verdict?.errors ? 'judges as documented' : 'reads'} ${name}`, async () => {
      const result = await hal(['config', 'validate', '--file', file, '--format', 'json'])
      expect(result.stderr).not.toMatch(/unexpected error|internal|at .*\.js:\d+/i)
      if (verdict?.notValidated) {
        expect(result.exitCode).toBe(3)
        expect(result.stderr).toContain('galley does not validate it')
        return
      }
      expect([0, 1]).toContain(result.exitCode)
      const report = result.json()
      if (verdict) expect(report.readAs.kind).toBe(verdict.kind)
      const errors = [...new Set(report.problems.filter((p: { severity: string }) => p.severity === 'error' || p.severity === 'fatal').map((p: { rule: string }) => p.rule))].sort()
      if (invalidFile) {
        expect(report.valid).toBe(false)
        expect(errors.length).toBeGreaterThan(0)
      } else {
        expect(errors, verdict?.why).toEqual(verdict?.errors ?? [])
      }
    })
  }
})
