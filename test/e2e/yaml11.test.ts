import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isScalar, parse, parseDocument, visit } from 'yaml'
import { hal, tempDir, tempHalDir } from '../helpers/hal.js'

/**
 * Halyard, Rosco and the operator read YAML 1.1 (SnakeYAML). Strings galley writes must read
 * back as the same strings there, and in galley's own YAML 1.2 reading.
 *
 * `yaml`'s 1.1 schema reads booleans, sexagesimal numbers, timestamps, octal, hex, binary,
 * underscores, .inf/.nan and null as SnakeYAML does, but not `<<` (SnakeYAML's MERGE tag) or `=`
 * (its VALUE tag) as values: for those, and as a second check of everything, every plain scalar
 * that reads as a string must match none of the implicit resolvers of SnakeYAML's
 * src/main/java/org/yaml/snakeyaml/resolver/Resolver.java (BOOL, INT, FLOAT, NULL, EMPTY,
 * TIMESTAMP, MERGE, VALUE), nor YAML 1.1's y/Y/n/N.
 */
const SNAKEYAML_IMPLICIT: Record<string, RegExp> = {
  BOOL: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  YAML11_YN: /^(?:y|Y|n|N)$/,
  // SnakeYAML 2 wants a digit after 0b, 0 and 0x; SnakeYAML 1.x, which Spring Boot 2 (Halyard,
  // Rosco) bundles, has YAML 1.1's own pattern, under which `0x_` is an int it then cannot
  // construct. The older, broader pattern is the one to stay clear of.
  INT: /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  FLOAT: /^([-+]?(\.[0-9]+|[0-9_]+(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  NULL: /^(?:~|null|Null|NULL| )$/,
  EMPTY: /^$/,
  TIMESTAMP: /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  MERGE: /^(?:<<)$/,
  VALUE: /^(?:=)$/,
}

/** Plain scalars that read as strings in YAML 1.2 but that SnakeYAML would resolve to another type. */
function misreadBySnakeYaml(text: string): string[] {
  const found: string[] = []
  visit(parseDocument(text), {
    Scalar(_, node) {
      if (node.type !== 'PLAIN' || typeof node.value !== 'string') return
      const source = String(node.source ?? node.value)
      for (const [tag, pattern] of Object.entries(SNAKEYAML_IMPLICIT)) if (pattern.test(source)) found.push(`${source} (${tag})`)
    },
  })
  return found
}

const VALUES = ['on', 'Off', 'YES', 'y', 'N', 'True', 'FALSE', '~', 'null', 'Null', '1:20', '190:20:30.15', '2024-01-01', '2001-12-14t21:59:43.10-05:00', '0755', '0o17', '0x1A', '0b1010', '0x_', '+0b_', '0_', '1_000', '.inf', '+.Inf', '.NaN', '<<', '=', '1e3', '12', '+12.5']
const GOOD = 'currentDeployment: default\ndeploymentConfigurations:\n- name: default\n  providers:\n    google:\n      enabled: true\n      accounts:\n      - name: gce\n        project: my-project\n      bakeryDefaults:\n        zone: us-central1-f\n'

const asStrings = (value: unknown) => JSON.parse(JSON.stringify(value))

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return yamlFiles(path)
    return /\.ya?ml$/.test(name) ? [path] : []
  })
}

describe('YAML 1.1-safe writing', () => {
  it('writes ids and descriptions a YAML 1.1 reader would misread quoted, through base-image add and edit, and both readers read them back as the same strings', { timeout: 300_000 }, async () => {
    const halDir = tempHalDir(GOOD)
    for (const value of VALUES) {
      const result = await hal(['config', 'provider', 'google', 'bakery', 'base-image', 'add', value, '--short-description', value, '--detailed-description', `${value}`, '--source-image-family', 'debian-12', '--package-type', 'deb', '--no-validate'], { halDir })
      expect(result.exitCode, `${value}: ${result.stderr}`).toBe(0)
    }
    // The byte-preserving patch replacing an existing scalar.
    const edited = await hal(['config', 'provider', 'google', 'bakery', 'base-image', 'edit', 'on', '--short-description', 'yes', '--no-validate'], { halDir })
    expect(edited.exitCode, edited.stderr).toBe(0)
    const text = readFileSync(join(halDir, 'config'), 'utf8')
    for (const version of ['1.1', '1.2'] as const) {
      const images = parse(text, { version }).deploymentConfigurations[0].providers.google.bakeryDefaults.baseImages
      expect(images.map((i: any) => i.baseImage.id), `YAML ${version}`).toEqual(VALUES)
      expect(images.map((i: any) => i.baseImage.shortDescription), `YAML ${version}`).toEqual(['yes', ...VALUES.slice(1)])
      expect(images.map((i: any) => i.baseImage.detailedDescription), `YAML ${version}`).toEqual(VALUES)
    }
    expect(misreadBySnakeYaml(text)).toEqual([])
    // What needs no quotes is still written plain.
    expect(text).toMatch(/packageType: deb\n/)
  })

  it('keeps the generated files (rosco-local.yml, kustomize component, operator patch) YAML 1.1-safe', { timeout: 300_000 }, async () => {
    const halDir = tempHalDir(GOOD)
    for (const value of ['on', '1:20', '<<', '=', '2024-01-01', '0755']) {
      const result = await hal(['config', 'provider', 'google', 'bakery', 'base-image', 'add', value, '--short-description', value, '--source-image-family', 'debian-12', '--package-type', 'deb', '--no-validate'], { halDir })
      expect(result.exitCode, result.stderr).toBe(0)
    }
    const out = tempDir()
    for (const kind of ['rosco', 'kustomize', 'operator']) {
      const result = await hal(['config', 'generate', kind, '--output', join(out, kind)], { halDir })
      expect(result.exitCode, `${kind}: ${result.stderr}`).toBe(0)
    }
    const files = yamlFiles(out)
    expect(files.length).toBeGreaterThanOrEqual(3)
    let checked = 0
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      for (const doc of text.split(/^---$/m)) {
        expect(asStrings(parse(doc, { version: '1.1' })), file).toEqual(asStrings(parse(doc)))
      }
      expect(misreadBySnakeYaml(text), file).toEqual([])
      if (/"on"/.test(text) && /"<<"/.test(text)) checked++
    }
    // The ids reached at least rosco-local.yml and the operator patch.
    expect(checked).toBeGreaterThanOrEqual(2)
  })
})
