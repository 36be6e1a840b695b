import { execFileSync } from 'node:child_process'
import { lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { stagePackerDirectory } from '../../src/bake/files.js'
import { parseYaml } from '../../src/config/source.js'
import { selectDeployment } from '../../src/config/halconfig.js'
import { deploymentNameProblem, deploymentPaths, resolveHalDir } from '../../src/config/paths.js'
import { confine, confinedFile, namingProblem } from '../../src/lib/confine.js'
import { ExitCode, GalleyError } from '../../src/lib/errors.js'
import { tempDir } from '../helpers/hal.js'

const thrown = (run: () => unknown): GalleyError => {
  try {
    run()
  } catch (error) {
    if (error instanceof GalleyError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('the confinement rule: what a name or relative path may not be', () => {
  it.each([
    ['', 'it is empty'],
    ['a\0b', 'it holds a NUL byte'],
    ['a\nb', 'it holds a control character'],
    ['\u001b[2Jx', 'it holds a control character'],
    ['/etc/passwd', 'it is an absolute path'],
    ['..\\x', 'it holds a backslash'],
    ['..', 'it climbs out of its directory with ".."'],
    ['a/../../x', 'it climbs out of its directory with ".."'],
    ['a//b', 'it has an empty or "." path segment'],
    ['./a', 'it has an empty or "." path segment'],
    ['a/', 'it has an empty or "." path segment'],
    [`${'x'.repeat(256)}/a`, 'a path segment is longer than 255 bytes'],
    ['x/'.repeat(600) + 'x', 'it is longer than 1024 bytes'],
  ])('refuses %j: %s', (value, problem) => {
    expect(namingProblem(value)).toBe(problem)
  })

  it('refuses a "/" where a single name is expected, and accepts it in a relative path', () => {
    expect(namingProblem('a/b', true)).toBe('it holds a "/" (a single name is expected)')
    expect(namingProblem('scripts/setup.sh')).toBeUndefined()
  })

  it('refuses a path through a link that leads outside the root, naming the link; accepts links that stay inside', () => {
    const dir = realpathSync(tempDir())
    const root = join(dir, 'root')
    mkdirSync(join(root, 'inner'), { recursive: true })
    mkdirSync(join(dir, 'outside'))
    symlinkSync(join(dir, 'outside'), join(root, 'out'))
    symlinkSync('inner', join(root, 'in'))
    const error = thrown(() => confine(root, 'out/x.json', { what: 'template name', from: { flag: 'NAME' } }))
    expect(error.exitCode).toBe(ExitCode.USAGE)
    expect(error.message).toBe(`NAME "out/x.json" is not a usable template name: ${join(root, 'out')} is a link to ${join(dir, 'outside')}, outside ${root}`)
    expect(confine(root, 'in/x.json', { what: 'template name', from: { flag: 'NAME' } })).toBe(join(root, 'in', 'x.json'))
  })

  it('is bad input (exit 1) naming file:line:column when the value came from a file, a usage error (exit 2) naming the flag when from a flag', () => {
    const fromFile = thrown(() => confine('/r', '../x', { what: 'deployment name', from: { file: '/h/config', line: 3, column: 9, key: 'name' } }))
    expect(fromFile.exitCode).toBe(ExitCode.INVALID)
    expect(fromFile.message).toBe('/h/config:3:9 (name): "../x" is not a usable deployment name: it climbs out of its directory with ".."')
    const fromFlag = thrown(() => confine('/r', '../x', { what: 'deployment name', from: { flag: '--deployment' } }))
    expect(fromFlag.exitCode).toBe(ExitCode.USAGE)
    expect(fromFlag.message).toBe('--deployment "../x" is not a usable deployment name: it climbs out of its directory with ".."')
  })

  it('shows control characters escaped and cuts very long values', () => {
    const error = thrown(() => confine('/r', `\u001b]0;x${'y'.repeat(2000)}`, { what: 'template name', from: { flag: 'NAME' } }))
    expect(error.message).not.toContain('\u001b')
    expect(error.message).toContain('NAME "\\u001b]0;xyyy')
    expect(error.message).toContain('... (2005 characters)')
  })
})

describe('deployment names: checked alike from the config and from the command line', () => {
  const config = (name: string, current = name) => parseYaml(`currentDeployment: ${JSON.stringify(current)}\ndeploymentConfigurations:\n- name: ${JSON.stringify(name)}\n`, '/h/config')

  it.each(['default', 'prod-eu', 'Staging_2', 'v1.2'])('accepts %j', (name) => {
    expect(deploymentNameProblem(name)).toBeUndefined()
    expect(selectDeployment(config(name)).name).toBe(name)
  })

  it.each(['..', '../x', 'a/b', '/abs', '.galley', '-x', 'a b', 'd'.repeat(101), 'x\0'])('refuses %j, from the config with its position (exit 1) and from --deployment (exit 2)', (name) => {
    expect(deploymentNameProblem(name)).toBeDefined()
    const fromConfig = thrown(() => selectDeployment(config(name)))
    expect(fromConfig.exitCode).toBe(ExitCode.INVALID)
    expect(fromConfig.message).toMatch(/^\/h\/config:1:20 \(currentDeployment\): ".*" is not a usable deployment name: /)
    const fromFlag = thrown(() => selectDeployment(config('default'), name))
    expect(fromFlag.exitCode).toBe(ExitCode.USAGE)
    expect(fromFlag.message).toMatch(/^--deployment ".*" is not a usable deployment name: /)
  })

  it('refuses a deployment whose name is bad even when currentDeployment is fine, at the name\'s position', () => {
    const parsed = parseYaml('currentDeployment: x\ndeploymentConfigurations:\n- name: default\n- name: x\n', '/h/config')
    expect(selectDeployment(parsed).name).toBe('x')
    const bad = parseYaml('deploymentConfigurations:\n- name: "../x"\n', '/h/config')
    const error = thrown(() => selectDeployment(bad, '../x'))
    expect(error.exitCode).toBe(ExitCode.USAGE) // the flag is judged first
  })

  it('never builds a deployment\'s paths from a bad name, whatever checked it before', () => {
    expect(thrown(() => deploymentPaths('/h', '../x')).code).toBe('BAD_DEPLOYMENT_NAME')
    expect(deploymentPaths('/h', 'prod').packer).toBe('/h/prod/profiles/rosco/packer')
  })

  it('an empty --hal-dir is a usage error, not a quiet fallback to $HAL_DIR or ~/.hal', () => {
    expect(thrown(() => resolveHalDir('', { HAL_DIR: '/elsewhere' })).exitCode).toBe(ExitCode.USAGE)
    expect(resolveHalDir(undefined, { HAL_DIR: '/elsewhere' })).toBe('/elsewhere')
  })
})

describe('links in the packer directory', () => {
  function packerWithLinks() {
    const dir = realpathSync(tempDir())
    const halDir = join(dir, 'hal')
    const packer = join(halDir, 'default', 'profiles', 'rosco', 'packer')
    mkdirSync(join(packer, 'scripts'), { recursive: true })
    mkdirSync(join(dir, 'outside', 'tree'), { recursive: true })
    writeFileSync(join(dir, 'outside', 'secret.sh'), 'outside\n')
    writeFileSync(join(dir, 'outside', 'tree', 'x.sh'), 'outside\n')
    writeFileSync(join(packer, 'gce-own.json'), '{"builders": []}\n')
    writeFileSync(join(packer, 'scripts', 'setup.sh'), '#!/bin/sh\n', { mode: 0o755 })
    symlinkSync('scripts/setup.sh', join(packer, 'inner.sh')) // stays inside
    symlinkSync(join(dir, 'outside', 'secret.sh'), join(packer, 'evil.sh')) // leads outside
    symlinkSync(join(dir, 'outside', 'tree'), join(packer, 'tree')) // a directory outside
    symlinkSync('scripts', join(packer, 'scripts-link')) // a directory inside
    symlinkSync(join(dir, 'nowhere'), join(packer, 'dangling.sh'))
    execFileSync('mkfifo', [join(packer, 'pipe.sh')])
    return { dir, halDir, packer }
  }

  it('confinedFile follows a link only to a regular file inside the packer directory', () => {
    const { packer } = packerWithLinks()
    expect(confinedFile(packer, 'inner.sh')).toBe(join(packer, 'scripts', 'setup.sh'))
    expect(confinedFile(packer, 'gce-own.json')).toBe(join(packer, 'gce-own.json'))
    for (const name of ['evil.sh', 'tree/x.sh', 'dangling.sh', 'pipe.sh', 'scripts', '../outside/secret.sh']) expect(confinedFile(packer, name), name).toBeUndefined()
  })

  it('bake staging copies each custom file as a new regular file: a link inside as its content; links out, directory links, dangling links and FIFOs not at all', () => {
    const { halDir } = packerWithLinks()
    const stage = stagePackerDirectory(halDir, 'default')
    try {
      const staged: Record<string, string> = {}
      const walk = (d: string, prefix = '') => {
        for (const name of readdirSync(d)) {
          const stat = lstatSync(join(d, name))
          if (stat.isDirectory()) walk(join(d, name), `${prefix}${name}/`)
          else staged[`${prefix}${name}`] = stat.isFile() ? `file ${(stat.mode & 0o777).toString(8)}` : 'not a regular file'
        }
      }
      walk(stage.configDir)
      expect(staged['inner.sh']).toBe('file 755')
      expect(readFileSync(join(stage.configDir, 'inner.sh'), 'utf8')).toBe('#!/bin/sh\n')
      expect(staged['gce-own.json']).toBe('file 644')
      expect(staged['scripts/setup.sh']).toBe('file 755')
      for (const name of ['evil.sh', 'tree/x.sh', 'dangling.sh', 'pipe.sh', 'scripts-link/setup.sh']) expect(staged[name], name).toBeUndefined()
      expect(Object.values(staged).filter((v) => v !== 'file 755' && v !== 'file 644')).toEqual([])
    } finally {
      stage.remove()
    }
  })
})
