import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, describe, expect, it } from 'vitest'
import { BIN } from '../helpers/hal.js'
import { needsProgram } from '../helpers/tools.js'
import { hasStackTrace, recordFigure } from './record.js'
import { treeSnapshot } from '../helpers/tree.js'

/**
 * Escape attempts: names and paths from a config, a flag or a link in the packer directory that
 * try to make hal read, write or delete something outside its root. Each attempt runs the real
 * bin/run.js under strace, which records every file the process and its children (Packer) open,
 * as the real path the kernel opened. An attempt holds when hal refuses it (the exit code the
 * table documents, a message naming the value, no stack trace), no file or directory outside the
 * root was opened, the sentinel planted there appears in no output, and nothing outside changed.
 */

const SENTINEL = `GALLEY-ESCAPE-SENTINEL-${process.pid}`
const ESCAPED = `galley-escaped-${process.pid}`

const hasStrace = needsProgram('strace')
const hasPacker = needsProgram('packer')

let attempts = 0
let held = 0
// The attempts run a few at a time (each in its own directory), removed at the end.
const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  if (attempts > 0) recordFigure('escape attempts', attempts, 'attempts', held, 'refused, nothing outside touched')
})

/** At most this many traced hal processes at once. */
const PARALLEL = 3
let running = 0
const waiting: Array<() => void> = []
async function slot<T>(run: () => Promise<T>): Promise<T> {
  if (running >= PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve))
  running++
  try {
    return await run()
  } finally {
    running--
    waiting.shift()?.()
  }
}

interface World {
  work: string
  halDir: string
  packerDir: string
  /** Everything hal must never open, change or delete. */
  outside: string
  cwd: string
}

/** A sentinel JSON template (lint would print its lines), script, password file and tree, all outside. */
function world(): World {
  const work = realpathSync(mkdtempSync(join(tmpdir(), 'galley-escape-')))
  dirs.push(work)
  const outside = join(work, 'outside')
  mkdirSync(join(outside, 'tree', 'scripts'), { recursive: true })
  writeFileSync(join(outside, 'secret.json'), `{\n  "description": "${SENTINEL}",\n  "builders": [{"type": "googlecompute", "x": "${SENTINEL}"}],\n}\n`)
  writeFileSync(join(outside, 'secret.sh'), `#!/bin/sh\necho ${SENTINEL}\n`, { mode: 0o755 })
  writeFileSync(join(outside, 'passwd'), `root:${SENTINEL}:0:0::/root:/bin/sh\n`)
  writeFileSync(join(outside, 'vars.json'), `{"gce_zone": "${SENTINEL}"}\n`)
  writeFileSync(join(outside, 'tree', 'scripts', 'setup.sh'), `#!/bin/sh\necho ${SENTINEL}\n`, { mode: 0o755 })
  writeFileSync(join(outside, 'tree', 'gce-tree.json'), `{"builders": [{"type": "googlecompute", "x": "${SENTINEL}"}]}\n`)
  // A deployment's directory as a config escaping to `outside` would find it.
  mkdirSync(join(outside, 'profiles', 'rosco', 'packer'), { recursive: true })
  writeFileSync(join(outside, 'profiles', 'rosco', 'packer', 'secret.json'), `{"builders": [{"type": "googlecompute", "x": "${SENTINEL}"}]}\n`)
  const halDir = join(work, 'hal')
  const packerDir = join(halDir, 'default', 'profiles', 'rosco', 'packer')
  mkdirSync(packerDir, { recursive: true })
  writeFileSync(join(packerDir, 'gce-own.json'), '{"builders": [{"type": "googlecompute"}]}\n')
  const cwd = join(work, 'cwd')
  mkdirSync(cwd)
  writeFileSync(join(cwd, 'x.json'), '{"builders": [{"type": "googlecompute"}]}\n')
  return { work, halDir, packerDir, outside, cwd }
}

/** A Google bakery whose deployment is named `name` (YAML double-quoted, so any character can be written). */
function config(name: string, bakery: { templateFile?: string; imageTemplateFile?: string } = {}, current = name): string {
  const q = (s: string) => JSON.stringify(s)
  return `currentDeployment: ${q(current)}
deploymentConfigurations:
- name: ${q(name)}
  providers:
    google:
      enabled: true
      accounts:
      - name: gce-bakery
        project: my-bakery-project
      bakeryDefaults:
${bakery.templateFile ? `        templateFile: ${q(bakery.templateFile)}\n` : ''}        baseImages:
        - baseImage:
            id: ubuntu-2204
            packageType: deb
${bakery.imageTemplateFile ? `            templateFile: ${q(bakery.imageTemplateFile)}\n` : ''}          virtualizationSettings:
            sourceImageFamily: ubuntu-2204-lts
`
}

/** Every entry under a directory with its content (or link target), to prove nothing changed. */

/** Runs hal under strace; returns its output and the real paths of everything it (or a child) opened. */
async function traced(w: World, args: string[], env: Record<string, string> = {}) {
  const trace = join(w.work, 'trace.txt')
  const result = await slot(() => execa('strace', ['-f', '--seccomp-bpf', '-qq', '-y', '-e', 'trace=open,openat,openat2,creat', '-e', 'signal=none', '-o', trace, 'node', BIN, ...args], {
    reject: false,
    cwd: w.cwd,
    env: { NO_COLOR: '1', HAL_DIR: w.halDir, TMPDIR: w.work, ...env },
    extendEnv: true,
    timeout: 120_000,
    input: '',
  }))
  // `= 3</real/path>`: the file the kernel opened, whatever the name (links included) said.
  const opened = readFileSync(trace, 'utf8').split('\n').flatMap((line) => {
    const match = /= \d+<(.*)>$/.exec(line)
    return match ? [match[1]] : []
  })
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr), opened }
}

interface Attempt {
  /** What to run. */
  args: (w: World) => string[]
  /** Prepares the hal directory: its config and packer directory. */
  setup?: (w: World) => void
  /** The exit code the refusal has (1: bad input from a file, 2: a bad flag, 3: refused for another reason). */
  exit: number
  /** What the message must say (it names the value, and where it came from). */
  says: string | RegExp | ((w: World) => string | RegExp)
  env?: (w: World) => Record<string, string>
}

const writeConfig = (w: World, text: string) => writeFileSync(join(w.halDir, 'config'), text)
const link = (target: string, path: string) => symlinkSync(target, path)

function attempt(title: string, a: Attempt, run: typeof it = it) {
  run(`${title}: refused, nothing outside opened, written or deleted`, async () => {
    attempts++
    const w = world()
    if (a.setup) a.setup(w)
    else writeConfig(w, config('default'))
    const before = treeSnapshot(w.outside)
    const workBefore = readdirSync(w.work).filter((n) => n !== 'trace.txt').sort()
    const result = await traced(w, a.args(w), a.env?.(w))
    const output = result.stdout + result.stderr
    expect(result.exitCode, output).toBe(a.exit)
    const says = typeof a.says === 'function' ? a.says(w) : a.says
    if (typeof says === 'string') expect(output).toContain(says)
    else expect(output).toMatch(says)
    expect(hasStackTrace(output), output).toBe(false)
    expect(output).not.toContain(SENTINEL)
    const outsideOpened = result.opened.filter((path) => path === w.outside || path.startsWith(`${w.outside}/`))
    expect(outsideOpened, 'files outside the root were opened').toEqual([])
    expect(treeSnapshot(w.outside)).toEqual(before)
    expect(readdirSync(w.work).filter((n) => n !== 'trace.txt').sort()).toEqual(workBefore)
    expect(existsSync(join(tmpdir(), ESCAPED))).toBe(false)
    held++
  })
}

const template = (...args: string[]) => ['config', 'bakery', 'template', ...args]
const bake = (command: string, ...args: string[]) => ['bake', command, '--provider', 'google', '--base-image', 'ubuntu-2204', '--package', 'nginx', ...args]
const withName = (name: string, bakery?: Parameters<typeof config>[1]) => (w: World) => writeConfig(w, config(name, bakery))
const pos = (line: number, column: number) => (w: World) => `${join(w.halDir, 'config')}:${line}:${column}`

describe.runIf(hasStrace).concurrent('escapes: deployment names read from the config (exit 1, with file:line:column)', () => {
  attempt('template add into deployment "../outside"', {
    setup: withName('../outside'),
    args: (w) => [...template('add', join(w.cwd, 'x.json'))],
    exit: 1,
    says: (w) => `${pos(1, 20)(w)} (currentDeployment): "../outside" is not a usable deployment name: it climbs out of its directory with ".."`,
  })
  attempt(`template init into deployment "../../${ESCAPED}"`, {
    setup: withName(`../../${ESCAPED}`),
    args: () => template('init', 'gce-new.json', '--from', 'gce.json'),
    exit: 1,
    says: 'is not a usable deployment name',
  })
  attempt('template list of a deployment named by an absolute path', {
    setup: (w) => writeConfig(w, config(w.outside)),
    args: () => template('list'),
    exit: 1,
    says: 'is not a usable deployment name: it is an absolute path',
  })
  attempt('template get from deployment "../outside"', {
    setup: withName('../outside'),
    args: () => template('get', 'secret.json'),
    exit: 1,
    says: 'is not a usable deployment name',
  })
  attempt('template remove from deployment "../outside"', {
    setup: withName('../outside'),
    args: () => template('remove', 'secret.json', '--force'),
    exit: 1,
    says: 'is not a usable deployment name',
  })
  attempt('template lint of deployment "../outside"', {
    setup: withName('../outside'),
    args: () => template('lint', '--no-packer'),
    exit: 1,
    says: 'is not a usable deployment name',
  })
  attempt('template lint of deployment "default/../../outside"', {
    setup: withName('default/../../outside'),
    args: () => template('lint', 'secret.json', '--no-packer'),
    exit: 1,
    says: 'is not a usable deployment name',
  })
  attempt('template list of deployment ".."', {
    setup: withName('..'),
    args: () => template('list'),
    exit: 1,
    says: '".." is not a usable deployment name',
  })
  attempt('template add into deployment "a/b" (a separator in a single name)', {
    setup: withName('a/b'),
    args: (w) => template('add', join(w.cwd, 'x.json')),
    exit: 1,
    says: 'it holds a "/" (a single name is expected)',
  })
  attempt('template list of a deployment name holding a NUL byte', {
    setup: withName('default\u0000/../../outside'),
    args: () => template('list'),
    exit: 1,
    says: '"default\\u0000/../../outside" is not a usable deployment name: it holds a NUL byte',
  })
  attempt('template list of a 5000-character deployment name', {
    setup: withName('d'.repeat(5000)),
    args: () => template('list'),
    exit: 1,
    says: '... (5000 characters)',
  })
  attempt('template add into deployment ".galley" (galley\'s own state)', {
    setup: withName('.galley'),
    args: (w) => template('add', join(w.cwd, 'x.json')),
    exit: 1,
    says: 'only letters, digits, ".", "_" and "-" are allowed, starting with a letter or digit',
  })
  attempt('template list of a deployment name with a newline and an escape sequence', {
    setup: withName('x\n\u001b[2J../outside'),
    args: () => template('list'),
    exit: 1,
    says: '"x\\n\\u001b[2J../outside" is not a usable deployment name: it holds a control character',
  })
  attempt('config validate of deployment "../outside" (a problem with its position)', {
    setup: withName('../outside', { templateFile: 'secret.json' }),
    args: () => ['config', 'validate'],
    exit: 1,
    says: /Deployment name "\.\.\/outside" cannot be used: it climbs out[^\n]*\n\s+\S*hal\/config:3:9 \[halconfig\/deployment-name\]/,
  })
  attempt('bake plan of deployment "../outside"', {
    setup: withName('../outside', { templateFile: 'secret.json' }),
    args: () => bake('plan'),
    exit: 1,
    says: 'is not a usable deployment name',
  })
  attempt('bake validate of deployment "../outside"', {
    setup: withName('../outside', { templateFile: 'secret.json' }),
    args: () => bake('validate'),
    exit: 1,
    says: 'is not a usable deployment name',
  })
  attempt('bake test of deployment "../outside"', {
    setup: withName('../outside', { templateFile: 'secret.json' }),
    args: () => bake('test', '--timeout', '20s'),
    exit: 1,
    says: 'is not a usable deployment name',
  })
  attempt('generate rosco from deployment "../outside"', {
    setup: withName('../outside', { templateFile: 'secret.json' }),
    args: (w) => ['config', 'generate', 'rosco', '--output', join(w.cwd, 'out')],
    exit: 1,
    says: 'is not a usable deployment name',
  })
  attempt('an edit of deployment "../outside" (the config is not written)', {
    setup: withName('../outside'),
    args: () => ['config', 'provider', 'google', 'bakery', 'edit', '--zone', 'us-east1-b'],
    exit: 1,
    says: 'is not a usable deployment name',
  })
  attempt('currentDeployment "../outside" naming no deployment at all', {
    setup: (w) => writeConfig(w, config('default', {}, '../outside')),
    args: (w) => template('add', join(w.cwd, 'x.json')),
    exit: 1,
    says: (w) => `${pos(1, 20)(w)} (currentDeployment)`,
  })
})

describe.runIf(hasStrace).concurrent('escapes: --deployment and other flags (exit 2)', () => {
  const both = (w: World) => writeConfig(w, config('default').replace('deploymentConfigurations:\n', 'deploymentConfigurations:\n- name: ../outside\n'))
  attempt('template add --deployment ../outside (a deployment of that name exists)', {
    setup: both,
    args: (w) => template('add', join(w.cwd, 'x.json'), '--deployment', '../outside'),
    exit: 2,
    says: '--deployment "../outside" is not a usable deployment name',
  })
  attempt('template get --deployment with an absolute path', {
    args: (w) => template('get', 'secret.json', '--deployment', w.outside),
    exit: 2,
    says: 'is not a usable deployment name: it is an absolute path',
  })
  attempt(`template lint --deployment ../../${ESCAPED}`, {
    args: () => template('lint', '--deployment', `../../${ESCAPED}`, '--no-packer'),
    exit: 2,
    says: 'is not a usable deployment name',
  })
  attempt('config validate --deployment ../outside', {
    setup: both,
    args: () => ['config', 'validate', '--deployment', '../outside'],
    exit: 2,
    says: '--deployment "../outside" is not a usable deployment name',
  })
  attempt('bake plan --deployment a/b', {
    args: () => bake('plan', '--deployment', 'a/b'),
    exit: 2,
    says: '--deployment "a/b" is not a usable deployment name',
  })
  attempt('generate rosco --deployment ../outside', {
    setup: both,
    args: (w) => ['config', 'generate', 'rosco', '--deployment', '../outside', '--output', join(w.cwd, 'out')],
    exit: 2,
    says: '--deployment "../outside" is not a usable deployment name',
  })
  attempt('config --set-current-deployment ../outside', {
    args: () => ['config', '--set-current-deployment', '../outside'],
    exit: 2,
    says: '--set-current-deployment "../outside" is not a usable deployment name',
  })
  attempt('bake validate --template-file ../../../outside/secret.json', {
    args: () => bake('validate', '--template-file', '../../../outside/secret.json'),
    exit: 2,
    says: '--template-file "../../../outside/secret.json" is not a usable file name inside Rosco\'s packer directory',
  })
  attempt('bake plan --var-file with an absolute path', {
    args: (w) => bake('plan', '--var-file', join(w.outside, 'vars.json')),
    exit: 2,
    says: 'is not a usable file name inside Rosco\'s packer directory: it is an absolute path',
  })
  attempt('an empty --hal-dir (it must not fall back to $HAL_DIR)', {
    args: (w) => template('add', join(w.cwd, 'x.json'), '--hal-dir', ''),
    env: (w) => ({ HAL_DIR: join(w.outside, 'profiles') }),
    exit: 2,
    says: '--hal-dir "" is not a directory name',
  })
})

describe.runIf(hasStrace).concurrent('escapes: template names on the command line (exit 2)', () => {
  attempt('template add --name ../../../outside/x.json', {
    args: (w) => template('add', join(w.cwd, 'x.json'), '--name', '../../../../outside/x.json'),
    exit: 2,
    says: '--name "../../../../outside/x.json" is not a usable template name',
  })
  attempt('template get ../../../../outside/secret.json', {
    args: () => template('get', '../../../../outside/secret.json'),
    exit: 2,
    says: 'is not a usable template name: it climbs out',
  })
  attempt('template get with an absolute path', {
    args: (w) => template('get', join(w.outside, 'secret.json')),
    exit: 2,
    says: 'is not a usable template name: it is an absolute path',
  })
  attempt('template remove ../../../../outside/secret.json', {
    args: () => template('remove', '../../../../outside/secret.json', '--force'),
    exit: 2,
    says: 'is not a usable template name',
  })
  attempt('template init ../../../../outside/new.json', {
    args: () => template('init', '../../../../outside/new.json', '--from', 'gce.json'),
    exit: 2,
    says: 'is not a usable template name',
  })
  attempt('template lint ../../../../outside/secret.json', {
    args: () => template('lint', '../../../../outside/secret.json', '--no-packer'),
    exit: 2,
    says: 'is not a usable template name',
  })
  attempt('template get with a backslash path', {
    args: () => template('get', '..\\..\\outside\\secret.json'),
    exit: 2,
    says: 'it holds a backslash',
  })
})

describe.runIf(hasStrace).concurrent('escapes: templateFile values in the config and links in the packer directory', () => {
  attempt('config validate of templateFile ../../../../outside/secret.json', {
    setup: withName('default', { templateFile: '../../../../outside/secret.json' }),
    args: () => ['config', 'validate'],
    exit: 1,
    says: 'is not a file name inside Rosco\'s packer directory (it climbs out of its directory with "..")',
  })
  attempt('config validate of an absolute templateFile', {
    setup: (w) => writeConfig(w, config('default', { imageTemplateFile: join(w.outside, 'secret.json') })),
    args: () => ['config', 'validate'],
    exit: 1,
    says: '(it is an absolute path)',
  })
  attempt('config validate of a templateFile that is a link out', {
    setup: (w) => { writeConfig(w, config('default', { templateFile: 'evil.json' })); link(join(w.outside, 'secret.json'), join(w.packerDir, 'evil.json')) },
    args: () => ['config', 'validate'],
    exit: 1,
    says: 'evil.json, is reached through a symbolic link leading outside the packer directory',
  })
  attempt('config validate of a templateFile under a directory link out', {
    setup: (w) => { writeConfig(w, config('default', { imageTemplateFile: 'tree/gce-tree.json' })); link(join(w.outside, 'tree'), join(w.packerDir, 'tree')) },
    args: () => ['config', 'validate'],
    exit: 1,
    says: 'tree/gce-tree.json, is reached through a symbolic link leading outside the packer directory',
  })
  attempt('bake plan with templateFile ../../../../outside/secret.json', {
    setup: withName('default', { templateFile: '../../../../outside/secret.json' }),
    args: () => bake('plan'),
    exit: 1,
    // In hal config validate's words (bakery/template-file): the config names the template.
    says: 'is not a file name inside Rosco\'s packer directory (it climbs out',
  })
  attempt('bake plan with a var file that is a link out', {
    setup: (w) => { writeConfig(w, config('default')); link(join(w.outside, 'vars.json'), join(w.packerDir, 'vars.json')) },
    args: () => bake('plan', '--var-file', 'vars.json'),
    exit: 1,
    says: 'is reached through a symbolic link leading outside the packer directory',
  })
  attempt('template lint of every custom template, one a link out', {
    setup: (w) => link(join(w.outside, 'secret.json'), join(w.packerDir, 'evil.json')),
    args: () => template('lint', '--no-packer'),
    exit: 1,
    says: 'evil.json is a symbolic link leading outside the packer directory (or to a directory, or nowhere); it is not read',
  })
  attempt('template lint of a link out, by name, with Packer', {
    setup: (w) => link(join(w.outside, 'secret.json'), join(w.packerDir, 'evil.json')),
    args: () => template('lint', 'evil.json'),
    exit: 1,
    says: 'it is not read',
  }, hasPacker ? it : it.skip)
  attempt('template lint of a template whose script is under a directory link out', {
    setup: (w) => {
      link(join(w.outside, 'tree'), join(w.packerDir, 'tree'))
      writeFileSync(join(w.packerDir, 'gce-tree.json'), '{"builders": [{"type": "googlecompute"}], "provisioners": [{"type": "shell", "script": "{{user `configDir`}}/tree/scripts/setup.sh"}]}\n')
    },
    args: () => template('lint', 'gce-tree.json', '--no-packer'),
    exit: 1,
    says: 'tree/scripts/setup.sh is neither a custom file of this deployment nor a stock file',
  })
  attempt('template get of a file under a directory link out', {
    setup: (w) => link(join(w.outside, 'tree'), join(w.packerDir, 'tree')),
    args: () => template('get', 'tree/gce-tree.json'),
    exit: 3,
    says: 'which is outside the packer directory or not a file; it is not read',
  })
  attempt('config validate of a used custom template that is a link out (template checks)', {
    setup: (w) => { writeConfig(w, config('default', { templateFile: 'gce-own.json', imageTemplateFile: 'evil.json' })); link(join(w.outside, 'secret.json'), join(w.packerDir, 'evil.json')) },
    args: () => ['config', 'validate', '--packer'],
    exit: 1,
    says: 'evil.json is a symbolic link leading outside the packer directory',
  }, hasPacker ? it : it.skip)
})

describe.runIf(hasStrace && hasPacker).concurrent('escapes: bake validate and bake test staging (real Packer)', () => {
  const templateUsing = (script: string) => `{
  "variables": {"gce_project_id": null, "gce_zone": null, "gce_network": null, "gce_target_image": null, "gce_source_image": "", "gce_source_image_family": "", "package_type": null, "packages": "", "configDir": null},
  "builders": [{"type": "googlecompute", "project_id": "{{user \`gce_project_id\`}}", "zone": "{{user \`gce_zone\`}}", "network": "{{user \`gce_network\`}}",
    "source_image": "{{user \`gce_source_image\`}}", "source_image_family": "{{user \`gce_source_image_family\`}}", "image_name": "{{user \`gce_target_image\`}}", "ssh_username": "packerio"}],
  "provisioners": [{"type": "shell", "script": "{{user \`configDir\`}}/${script}"}]
}
`
  attempt('bake validate with templateFile a link out', {
    setup: (w) => { writeConfig(w, config('default', { templateFile: 'evil.json' })); link(join(w.outside, 'secret.json'), join(w.packerDir, 'evil.json')) },
    args: () => bake('validate'),
    exit: 1,
    says: 'is reached through a symbolic link leading outside the packer directory',
  })
  attempt('bake validate with an absolute templateFile', {
    setup: (w) => writeConfig(w, config('default', { imageTemplateFile: join(w.outside, 'secret.json') })),
    args: () => bake('validate'),
    exit: 1,
    // In hal config validate's words (bakery/template-file): the config names the template.
    says: 'is not a file name inside Rosco\'s packer directory (it is an absolute path',
  })
  attempt('bake validate of a template whose script is a link out (not staged)', {
    setup: (w) => {
      writeConfig(w, config('default', { templateFile: 'gce-custom.json' }))
      writeFileSync(join(w.packerDir, 'gce-custom.json'), templateUsing('evil.sh'))
      link(join(w.outside, 'secret.sh'), join(w.packerDir, 'evil.sh'))
    },
    args: () => bake('validate'),
    exit: 1,
    says: "Bad script '/opt/rosco/config/packer/evil.sh'",
  })
  attempt('bake validate of a template whose scripts are under a directory link out (not staged)', {
    setup: (w) => {
      writeConfig(w, config('default', { templateFile: 'gce-custom.json' }))
      writeFileSync(join(w.packerDir, 'gce-custom.json'), templateUsing('tree/scripts/setup.sh'))
      link(join(w.outside, 'tree'), join(w.packerDir, 'tree'))
    },
    args: () => bake('validate'),
    exit: 1,
    says: "Bad script '/opt/rosco/config/packer/tree/scripts/setup.sh'",
  })
  attempt('bake test with templateFile a link out', {
    setup: (w) => { writeConfig(w, config('default', { templateFile: 'evil.json' })); link(join(w.outside, 'secret.json'), join(w.packerDir, 'evil.json')) },
    args: () => bake('test', '--timeout', '20s'),
    exit: 1,
    says: 'is reached through a symbolic link leading outside the packer directory',
  })
  attempt('bake test with templateFile ../../../../outside/secret.json', {
    setup: withName('default', { imageTemplateFile: '../../../../outside/secret.json' }),
    args: () => bake('test', '--timeout', '20s'),
    exit: 1,
    // In hal config validate's words (bakery/template-file): the config names the template.
    says: 'is not a file name inside Rosco\'s packer directory (it climbs out',
  })
})

describe.runIf(hasStrace)('the escape detector itself', () => {
  it('sees a file outside being opened through a link (a command that may read it: template add of a file named on the command line)', async () => {
    const w = world()
    writeConfig(w, config('default'))
    link(join(w.outside, 'secret.json'), join(w.cwd, 'named.json'))
    const result = await traced(w, template('add', join(w.cwd, 'named.json')))
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.opened).toContain(join(w.outside, 'secret.json'))
  })
})
