import { readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hal, ROOT, tempDir, tempHalDir } from '../helpers/hal.js'

/**
 * oclif reads and parses oclif.manifest.json at every start. It carries the command list and what
 * the help's listings show, but no flags (scripts/build.js); hal reads a command's flags from its
 * class when it needs them (src/cli/help.ts). dist/command-reference.json keeps oclif's manifest
 * with every flag, for the flag snapshot and these tests.
 */
const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8'))
const reference = JSON.parse(readFileSync(join(ROOT, 'dist', 'command-reference.json'), 'utf8'))
const bundle = createRequire(import.meta.url)(join(ROOT, 'dist', 'galley.cjs'))
// JSON's view of a value: what a manifest written by JSON.stringify holds.
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value))

describe('the oclif manifest read at every start', () => {
  it('stays small: under 100 KB (it was 395 KB with every command\'s flags)', () => {
    expect(statSync(join(ROOT, 'oclif.manifest.json')).size).toBeLessThan(100_000)
  })

  it('lists the same commands as the command reference, with everything but their flags', () => {
    expect(Object.keys(manifest.commands)).toEqual(Object.keys(reference.commands))
    for (const [id, command] of Object.entries<any>(reference.commands)) {
      expect(manifest.commands[id], id).toEqual({ ...command, flags: {} })
    }
  })
})

describe('a command\'s flags read from its class (src/cli/help.ts)', () => {
  it('are, for every command, the flags oclif\'s manifest has for it: global flags, --json and its own, with defaults', async () => {
    for (const [id, command] of Object.entries<any>(reference.commands)) {
      expect(asJson(await bundle.commandFlags(bundle.COMMANDS[id])), id).toEqual(command.flags)
    }
  })
})

describe('help of a command, whose flags are not in the manifest', () => {
  // The lines of the flag sections (above DESCRIPTION) that introduce --NAME (or --[no-]NAME).
  const flagLines = (help: string, name: string, char?: string) =>
    help.split('\nDESCRIPTION\n')[0].split('\n').filter((line) => new RegExp(`^\\s+${char ? `-${char}, ` : ''}--(\\[no-\\])?${name}(=[<A-Z]|\\s{2,}|$)`).test(line))

  for (const id of ['config', 'config:provider:aws:bakery:base-image:add', 'bake:plan', 'bake:submit', 'config:generate:rosco']) {
    it(`lists every flag of ${id.replace(/:/g, ' ')}, the global ones included, in --help and in hal help`, async () => {
      const words = id.split(':')
      const [byFlag, byCommand] = await Promise.all([hal([...words, '--help'], { halDir: tempHalDir() }), hal(['help', ...words], { halDir: tempHalDir() })])
      expect(byFlag.exitCode, byFlag.stderr).toBe(0)
      expect(byCommand.stdout).toBe(byFlag.stdout)
      const flags = Object.values<any>(reference.commands[id].flags).filter((flag) => !flag.hidden)
      expect(flags.map((flag) => flag.name)).toEqual(expect.arrayContaining(['hal-dir', 'debug', 'output', 'quiet', 'color', 'log', 'alpha', 'options', 'daemon-endpoint', 'json']))
      for (const flag of flags) expect(flagLines(byFlag.stdout, flag.name, flag.char), `${id} --${flag.name}`).toHaveLength(1)
      expect(byFlag.stdout).toContain('GLOBAL FLAGS')
    })
  }

  it('shows a flag\'s accepted values and its default (bake plan --provider, bake submit --timeout)', async () => {
    const [plan, submit] = await Promise.all([hal(['bake', 'plan', '--help'], { halDir: tempHalDir() }), hal(['bake', 'submit', '--help'], { halDir: tempHalDir() })])
    expect(plan.stdout).toContain(`<options: ${reference.commands['bake:plan'].flags.provider.options.join('|')}>`)
    expect(reference.commands['bake:submit'].flags.timeout.default).toBe('60m')
    expect(submit.stdout).toMatch(/--timeout=<value>[^]*\[default: 60m\]/)
  })
})

describe('hal autocomplete, which needs every command\'s flags', () => {
  it('writes completion scripts that hold each command\'s own and global flags', async () => {
    const cache = tempDir('galley-xdg-')
    const result = await hal(['autocomplete', '--refresh-cache'], { halDir: tempHalDir(), env: { XDG_CACHE_HOME: cache } })
    expect(result.exitCode, result.stderr).toBe(0)
    const zsh = readFileSync(join(cache, 'galley', 'autocomplete', 'functions', 'zsh', '_hal'), 'utf8')
    const bash = readFileSync(join(cache, 'galley', 'autocomplete', 'functions', 'bash', 'hal.bash'), 'utf8')
    for (const name of ['--source-ami', '--virtualization-type', '--daemon-endpoint', '--hal-dir']) expect(zsh).toContain(name)
    const addLine = bash.split('\n').find((line) => line.startsWith('config:provider:aws:bakery:base-image:add '))
    expect(addLine).toBeDefined()
    for (const name of ['--region', '--source-ami', '--json', '--quiet', '--daemon-endpoint']) expect(addLine).toContain(name)
  })

  it('takes the shell as its argument (hal autocomplete bash), beside its subcommand (hal autocomplete script bash)', async () => {
    // The plugin's usage: `hal autocomplete [SHELL]`, SHELL one of zsh, bash, powershell; it has subcommands too.
    const env = { XDG_CACHE_HOME: tempDir('galley-xdg-') }
    for (const shell of ['bash', 'zsh']) {
      const result = await hal(['autocomplete', shell], { halDir: tempHalDir(), env })
      expect(result.exitCode, result.stderr).toBe(0)
      expect(result.stdout).toContain(`hal autocomplete script ${shell}`)
    }
    const script = await hal(['autocomplete', 'script', 'bash'], { halDir: tempHalDir(), env })
    expect(script.exitCode, script.stderr).toBe(0)
    expect(script.stdout).toContain('HAL_AC_BASH_SETUP_PATH')
    const typo = await hal(['autocomplete', 'bahs'], { halDir: tempHalDir(), env })
    expect(typo.exitCode).toBe(2)
    expect(typo.stderr).toMatch(/bahs.*zsh, bash, powershell/)
  })
})
