import { describe, expect, it } from 'vitest'
import { artifactsFileContent } from '../../src/bake/local.js'
import { hal, tempHalDir } from '../helpers/hal.js'
import { needsProgram } from '../helpers/tools.js'

// `bake validate` (and `bake test`, through the same prepareLocalRun) compute the variables with
// the recipe `bake plan` shows: the -var pairs, the -var-file and the template path are the same
// tokens, with Rosco's paths in place of the staged ones.

const CONFIG = `currentDeployment: default
deploymentConfigurations:
- name: default
  providers:
    google:
      enabled: true
      accounts:
      - name: gce-bakery
        project: my-bakery-project
      bakeryDefaults:
        useInternalIp: true
        baseImages:
        - baseImage: {id: jammy, packageType: deb}
          virtualizationSettings: {sourceImageFamily: ubuntu-2204-lts}
`

const REQUEST = [
  '--provider', 'google', '--base-image', 'jammy', '--package', 'myapp_1.2.3-1_all', '--build-number', '42', '--commit-hash', 'abc1234',
  '--artifact', 'type=deb,name=extra_2.0-1_all,reference=http://repo stable main extra', '--extended-attribute', 'copy_to=proj-x,proj-y',
]

describe('bake validate uses bake plan\'s recipe', () => {
  it.runIf(needsProgram('packer'))('the same -var pairs, in the same order, and the template; Packer accepts them', async () => {
    const halDir = tempHalDir(CONFIG)
    const env = { GALLEY_NOW_MS: '1700000000000' }
    const plan = (await hal(['bake', 'plan', '--json', ...REQUEST], { halDir, env })).json()
    const validate = await hal(['bake', 'validate', '--json', ...REQUEST], { halDir, env })
    expect(validate.exitCode, validate.stdout + validate.stderr).toBe(0)
    const result = validate.json()
    expect(result.argv.slice(0, 2)).toEqual(['packer', 'validate'])
    expect(result.argv.slice(2)).toEqual(plan.packerArgs)
    expect(plan.packerArgs).toContain('appversion=myapp-1.2.3-h42.abc1234')
    expect(plan.packerArgs).toContain('artifactFile=/tmp/<request_id>-artifacts.json')
  })
})

describe('the artifacts file Rosco writes (util/PackerArtifactService.java:41-60, kork Artifact\'s fields)', () => {
  it('is [] without artifacts', () => {
    expect(artifactsFileContent({ cloud_provider_type: 'gce', base_os: 'x' })).toBe('[]')
  })

  it('holds every Artifact field, nulls included, customKind false and metadata {} by default', () => {
    expect(JSON.parse(artifactsFileContent({ cloud_provider_type: 'gce', base_os: 'x', package_artifacts: [{ type: 'deb', name: 'a', reference: 'r a' }] }))).toEqual([
      { type: 'deb', customKind: false, name: 'a', version: null, location: null, reference: 'r a', metadata: {}, artifactAccount: null, provenance: null, uuid: null },
    ])
  })
})
