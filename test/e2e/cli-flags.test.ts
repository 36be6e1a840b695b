import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hal, ROOT, tempHalDir } from '../helpers/hal.js'
import { galleyTree } from '../../src/halyard/route.js'
import { PLUGIN_COMMANDS } from '../../src/halyard/dispatch.js'

/**
 * Halyard's global flags, as NestableCommand.java (spinnaker/halyard halyard-cli) defines them:
 * -h/--help, -o/--output (FormatConverter), --options FIELD, -d/--debug, -a/--alpha, -q/--quiet,
 * -l/--log LEVEL (LogLevelConverter: OFF, ERROR, WARN, INFO, DEBUG, TRACE, ALL, any case),
 * -c/--color (arity 1: true or false), --daemon-endpoint URL.
 */

const CONFIG = `currentDeployment: default
deploymentConfigurations:
- name: default
  version: 1.30.0
  providers:
    google:
      enabled: true
      bakeryDefaults:
        baseImages:
        - baseImage:
            id: ubuntu-2204
            packageType: deb
          virtualizationSettings:
            sourceImageFamily: ubuntu-2204-lts
`

describe('Halyard\'s global flags', () => {
  it('-o json is --json, and -o yaml prints the same data as YAML', async () => {
    const halDir = tempHalDir(CONFIG)
    const json = await hal(['config', 'list', '--json'], { halDir })
    const dashO = await hal(['config', 'list', '-o', 'json'], { halDir })
    const long = await hal(['config', 'list', '--output=json'], { halDir })
    expect(dashO.stdout).toBe(json.stdout)
    expect(long.stdout).toBe(json.stdout)
    const yaml = await hal(['config', 'list', '-o', 'yaml'], { halDir })
    expect(yaml.exitCode).toBe(0)
    expect(yaml.stdout).toBe('currentDeployment: default\ndeployments:\n  - name: default\n    current: true\n    version: 1.30.0\n'.replace(/\n {2}- /g, '\n- ').replace(/\n {4}/g, '\n  '))
  })

  it('-o with another value is a usage error naming the values (exit 2)', async () => {
    const result = await hal(['config', 'list', '-o', 'xml'], { halDir: tempHalDir(CONFIG) })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(/yaml, json/)
  })

  it('-o json on a command whose -o names a file is refused rather than writing a file called json', async () => {
    const halDir = tempHalDir(CONFIG)
    const result = await hal(['backup', 'create', '-o', 'json'], { halDir, cwd: join(halDir, '..') })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('--json')
  })

  it('-d, -a, -q, -c true|false, --no-color and -l LEVEL (any case) are accepted everywhere', async () => {
    const halDir = tempHalDir(CONFIG)
    const plain = await hal(['config', 'list'], { halDir })
    for (const flags of [['-d'], ['--debug'], ['-a'], ['--alpha'], ['-q'], ['--quiet'], ['-c', 'false'], ['--color', 'true'], ['--no-color'], ['-l', 'info'], ['--log', 'WARN'], ['-l', 'trace']]) {
      const result = await hal(['config', 'list', ...flags], { halDir })
      expect(result.exitCode, flags.join(' ')).toBe(0)
      expect(result.stdout, flags.join(' ')).toBe(plain.stdout)
    }
  })

  it('are read before the command too, as Halyard reads them at its root (hal -d config list)', async () => {
    // spinnaker/halyard halyard-cli/.../command/v1/NestableCommand.java: -d and -c are parameters of every command, the root included.
    const halDir = tempHalDir(CONFIG)
    const plain = await hal(['config', 'list'], { halDir })
    for (const flags of [['-d'], ['--debug', '-q'], ['-c', 'false'], ['--color=false'], ['-l', 'info'], ['--hal-dir', halDir]]) {
      const result = await hal([...flags, 'config', 'list'], { halDir })
      expect(result.exitCode, `${flags.join(' ')}: ${result.stderr}`).toBe(0)
      expect(result.stdout, flags.join(' ')).toBe(plain.stdout)
    }
    const json = await hal(['-o', 'json', 'config', 'list'], { halDir })
    expect(json.stdout).toBe((await hal(['config', 'list', '--json'], { halDir })).stdout)
    const typo = await hal(['-d', 'confg'], { halDir })
    expect(typo.exitCode).toBe(2)
    expect(typo.stderr).toContain('"hal confg" is not a command. Did you mean "hal config"?')
  })

  it('-l with a level Halyard does not have is refused with Halyard\'s list (exit 2)', async () => {
    const result = await hal(['config', 'list', '-l', 'verbose'], { halDir: tempHalDir(CONFIG) })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('Log level verbose is not valid. The options are: OFF, ERROR, WARN, INFO, DEBUG, TRACE, ALL.')
    // Also on commands that parse their own variable arguments.
    const lint = await hal(['config', 'bakery', 'template', 'lint', '--stock', '-l', 'verbose'], { halDir: tempHalDir(CONFIG) })
    expect(lint.exitCode).toBe(2)
    expect(lint.stderr).toContain('Log level verbose is not valid.')
  })

  it('-l debug shows the stack trace of an unexpected error, as --debug does', async () => {
    const halDir = tempHalDir('deploymentConfigurations: [')
    const result = await hal(['config', 'list', '-l', 'debug'], { halDir })
    const debug = await hal(['config', 'list', '--debug'], { halDir })
    expect(result.exitCode).toBe(debug.exitCode)
    expect(result.stderr.split('\n')[0]).toBe(debug.stderr.split('\n')[0])
  })

  it('-c true colours a report even when stdout is not a terminal; -c false and --no-color never do', async () => {
    const halDir = tempHalDir(CONFIG.replace('packageType: deb', 'packageType: tgz'))
    const coloured = await hal(['config', 'validate', '-c', 'true'], { halDir, env: { NO_COLOR: '' } })
    expect(coloured.stdout).toMatch(/\u001b\[/)
    for (const flags of [['-c', 'false'], ['--no-color'], ['-q']]) {
      const plain = await hal(['config', 'validate', ...flags], { halDir, env: { NO_COLOR: '', FORCE_COLOR: '1' } })
      expect(plain.stdout, flags.join(' ')).not.toMatch(/\u001b\[/)
    }
  })

  it('--color false (Halyard\'s spelling) keeps oclif\'s help plain too, whose colour libraries read --color as on', async () => {
    for (const flags of [['--color', 'false'], ['-c', 'false'], ['--color=false'], ['--no-color']]) {
      const help = await hal(['config', 'provider', 'aws', 'account', 'list', '--help', ...flags], { env: { NO_COLOR: '' } })
      expect(help.exitCode, flags.join(' ')).toBe(0)
      expect(help.stdout, flags.join(' ')).toContain('USAGE')
      expect(help.stdout, flags.join(' ')).not.toMatch(/\u001b\[/)
    }
    const coloured = await hal(['config', 'provider', 'aws', 'account', 'list', '--help', '--color', 'true'], { env: { NO_COLOR: '' } })
    expect(coloured.stdout).toMatch(/\u001b\[1mUSAGE/)
  })

  it('--daemon-endpoint is refused (exit 2): galley has no daemon, and must not change the local files the user meant a remote daemon to change', async () => {
    const halDir = tempHalDir(CONFIG)
    const before = readFileSync(join(halDir, 'config'), 'utf8')
    const result = await hal(['config', 'provider', 'google', 'disable', '--daemon-endpoint', 'http://halyard:8064'], { halDir })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('galley has no daemon')
    expect(readFileSync(join(halDir, 'config'), 'utf8')).toBe(before)
  })

  it('--options FIELD prints the values a field accepts, runs nothing, and takes Halyard\'s spellings (package-type, packageType)', async () => {
    const halDir = tempHalDir(CONFIG)
    const before = readFileSync(join(halDir, 'config'), 'utf8')
    for (const field of ['package-type', 'packageType']) {
      const result = await hal(['config', 'provider', 'google', 'bakery', 'base-image', 'add', '--options', field], { halDir })
      expect(result.exitCode, field).toBe(0)
      expect(result.stdout, field).toBe('deb rpm nupkg\n')
    }
    expect(readFileSync(join(halDir, 'config'), 'utf8')).toBe(before)
    const shapes = await hal(['config', 'provider', 'oracle', 'bakery', 'edit', '--options', 'instance-shape', '--json'], { halDir })
    expect(shapes.json().values).toContain('VM.Standard.E4.Flex')
    const zone = await hal(['config', 'provider', 'google', 'bakery', 'edit', '--options', 'zone'], { halDir })
    expect(zone.exitCode).toBe(0)
    expect(zone.stderr).toContain('us-central1-f')
    const format = await hal(['config', 'validate', '--options', 'format'], { halDir })
    expect(format.stdout).toBe('text json sarif junit github\n')
    // A closed set the schema states (aws.schema.json's virtualizationType enum), though the flag itself takes any text.
    const types = await hal(['config', 'provider', 'aws', 'bakery', 'base-image', 'add', '--options', 'virtualization-type', '--json'], { halDir })
    expect(types.exitCode).toBe(0)
    expect([...types.json().values].sort()).toEqual(['hvm', 'pv'])
  })

  it('--options with a field the command does not have is a usage error naming the fields it does have', async () => {
    const result = await hal(['config', 'validate', '--options', 'zone'], { halDir: tempHalDir(CONFIG) })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('this command has no field "zone"')
    expect(result.stderr).toContain('format')
  })

  it('-h is --help', async () => {
    const halDir = tempHalDir(CONFIG)
    const short = await hal(['config', 'validate', '-h'], { halDir })
    const long = await hal(['config', 'validate', '--help'], { halDir })
    expect(short.exitCode).toBe(0)
    expect(short.stdout).toBe(long.stdout)
    expect(short.stdout).toContain('USAGE')
  })
})

describe('help', () => {
  const pjson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  const topics: Record<string, { description: string }> = pjson.oclif.topics
  const squash = (text: string) => text.replace(/\s+/g, ' ')
  /** The TOPICS section of a help text: name -> description (continuation lines joined). */
  const listedTopics = (help: string) => {
    const listed = new Map<string, string>()
    const section = help.split(/\n(?=[A-Z]+\n)/).find((part) => part.startsWith('TOPICS\n')) ?? ''
    let last = ''
    for (const line of section.split('\n').slice(1)) {
      const entry = line.match(/^ {2}(\S.*?) {2,}(.*)$/)
      if (entry) listed.set((last = entry[1]), entry[2])
      else if (line.trim() && last) listed.set(last, `${listed.get(last)} ${line.trim()}`)
    }
    return listed
  }

  it('every topic is listed under its parent with its own description', async () => {
    expect(Object.keys(topics).length).toBeGreaterThan(5)
    for (const [id, topic] of Object.entries(topics)) {
      const words = id.split(':')
      const parent = await hal([...words.slice(0, -1), '--help'], { halDir: tempHalDir() })
      expect(squash(listedTopics(parent.stdout).get(words.join(' ')) ?? '(not listed)'), id).toBe(squash(topic.description))
    }
  })

  it('every topic key names a real group of commands (oclif keys use ":")', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8'))
    const { topics: groups } = galleyTree(Object.keys(manifest.commands))
    for (const id of Object.keys(topics)) expect(groups.has(id.replace(/:/g, ' ')), id).toBe(true)
  })

  it('no command that has subcommands takes arguments (the next word is read as a subcommand)', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8'))
    const { topics: groups } = galleyTree([...Object.keys(manifest.commands), ...PLUGIN_COMMANDS])
    for (const [id, command] of Object.entries<any>(manifest.commands)) {
      if (groups.has(id.replace(/:/g, ' '))) expect(Object.keys(command.args ?? {}), id).toEqual([])
    }
  })

  it('summaries read as English: "an account", never "a account"', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8'))
    for (const [id, command] of Object.entries<any>(manifest.commands)) {
      expect(`${command.summary ?? ''} ${command.description ?? ''}`, id).not.toMatch(/\ba [aeiou]/i)
    }
  })
})

describe('hal config validate with no config', () => {
  it('says there is no config at the path (exit 3), not that it found no problems', async () => {
    const halDir = tempHalDir()
    const result = await hal(['config', 'validate'], { halDir })
    expect(result.exitCode).toBe(3)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(`no config at ${join(halDir, 'config')}`)
    const json = await hal(['config', 'validate', '--json'], { halDir })
    expect(json.json().error).toMatchObject({ code: 'NO_CONFIG', exitCode: 3, path: join(halDir, 'config') })
  })
})
