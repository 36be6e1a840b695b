import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openConfigFile } from '../../src/config/files.js'
import { fileTemplateProblems } from '../../src/templates/references.js'
import { tempDir, writeFile } from '../helpers/hal.js'

const DEPLOYMENT = 'name: default\nproviders:\n  google:\n    enabled: true\n    bakeryDefaults:\n      templateFile: custom-gce.json\n'
const SERVICE = `apiVersion: spinnaker.io/v1alpha2
kind: SpinnakerService
metadata:
  name: spinnaker
spec:
  spinnakerConfig:
    config:
      providers:
        google:
          enabled: true
          bakeryDefaults:
            templateFile: custom-gce.json
    files:
      profiles__rosco__packer__custom-gce.json: |
        {"builders": [{"type": "googlecompute"}]}
`

describe('template references of a file (for validate --file and --file edits)', () => {
  it('warn once that they were not checked when no hal directory, --hal-dir or manifest files are known', () => {
    const file = join(tempDir(), 'deployment.yml')
    writeFile(file, DEPLOYMENT)
    const problems = fileTemplateProblems(openConfigFile(file))
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ rule: 'bakery/template-references-unchecked', severity: 'warning' })
    expect(problems[0].message).toContain('custom-gce.json')
  })

  it('are checked against --hal-dir when given: a missing template is an error at its line', () => {
    const file = join(tempDir(), 'deployment.yml')
    writeFile(file, DEPLOYMENT)
    const halDir = tempDir()
    const problems = fileTemplateProblems(openConfigFile(file), { halDirFlag: halDir })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ rule: 'bakery/template-file', severity: 'error', line: 6 })
    writeFile(join(halDir, 'default', 'profiles', 'rosco', 'packer', 'custom-gce.json'), '{}\n')
    expect(fileTemplateProblems(openConfigFile(file), { halDirFlag: halDir })).toEqual([])
  })

  it('are checked against the hal directory the file sits in before --hal-dir', () => {
    const dir = tempDir()
    writeFile(join(dir, 'config'), 'currentDeployment: default\ndeploymentConfigurations:\n- name: default\n')
    writeFile(join(dir, 'default', 'profiles', 'rosco', 'packer', 'custom-gce.json'), '{}\n')
    const file = join(dir, 'deployment.yml')
    writeFile(file, DEPLOYMENT)
    expect(fileTemplateProblems(openConfigFile(file), { halDirFlag: tempDir() })).toEqual([])
  })

  it('are checked against a manifest\'s own files', () => {
    const file = join(tempDir(), 'spinnakerservice.yml')
    writeFile(file, SERVICE)
    expect(fileTemplateProblems(openConfigFile(file))).toEqual([])
    writeFile(file, SERVICE.replace('profiles__rosco__packer__custom-gce.json', 'profiles__rosco__packer__other.json'))
    const problems = fileTemplateProblems(openConfigFile(file))
    expect(problems).toHaveLength(1)
    expect(problems[0].message).toContain('spec.spinnakerConfig.files (as profiles__rosco__packer__custom-gce.json)')
    expect(problems[0].line).toBe(12)
  })

  it('leave stock templates alone', () => {
    const file = join(tempDir(), 'deployment.yml')
    writeFile(file, DEPLOYMENT.replace('custom-gce.json', 'gce.json'))
    expect(fileTemplateProblems(openConfigFile(file))).toEqual([])
  })
})
