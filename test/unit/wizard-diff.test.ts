import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/hal.js'
import { lineDiff, splitLines, unifiedDiff } from '../../src/wizard/diff.js'

const labels = { from: 'a/config', to: 'b/config' }

describe('the wizard\'s config diff', () => {
  it('is empty when nothing changed', () => {
    expect(unifiedDiff('a: 1\n', 'a: 1\n', labels)).toBe('')
  })

  it('shows a new file as one hunk of additions from line 0', () => {
    expect(unifiedDiff('', 'a: 1\nb: 2\n', { from: '/dev/null', to: 'config' })).toBe('--- /dev/null\n+++ config\n@@ -0,0 +1,2 @@\n+a: 1\n+b: 2\n')
  })

  it('shows a changed line as removed then added, with three lines of context', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\n'
    const after = 'a\nb\nc\nd\nE\nf\ng\nh\n'
    expect(unifiedDiff(before, after, labels)).toBe('--- a/config\n+++ b/config\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n')
  })

  it('splits changes far apart into separate hunks, and joins near ones', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n'
    const far = before.replace('line 2\n', 'LINE 2\n').replace('line 19\n', 'LINE 19\n')
    expect(unifiedDiff(before, far, labels).match(/^@@/gm)).toHaveLength(2)
    const near = before.replace('line 2\n', 'LINE 2\n').replace('line 8\n', 'LINE 8\n')
    expect(unifiedDiff(before, near, labels).match(/^@@/gm)).toHaveLength(1)
  })

  it('numbers an insertion between lines by the line before it', () => {
    expect(unifiedDiff('a\n', 'a\nb\n', labels, 0)).toBe('--- a/config\n+++ b/config\n@@ -1,0 +2,1 @@\n+b\n')
  })

  it('keeps every line of both texts, in order', () => {
    const before = splitLines('x\ny\nz\nw\n')
    const after = splitLines('y\nq\nz\nw\nv\n')
    const ops = lineDiff(before, after)
    expect(ops.filter((o) => o.kind !== '+').map((o) => o.text)).toEqual(before)
    expect(ops.filter((o) => o.kind !== '-').map((o) => o.text)).toEqual(after)
    expect(ops.filter((o) => o.kind === ' ').map((o) => o.text)).toEqual(['y', 'z', 'w'])
  })

  it('is a patch that patch(1) applies', () => {
    const dir = tempDir()
    const before = 'currentDeployment: default\ndeploymentConfigurations:\n- name: default\n  providers:\n    google:\n      enabled: false\n  timezone: UTC\n'
    const after = 'currentDeployment: default\ndeploymentConfigurations:\n- name: default\n  providers:\n    google:\n      enabled: true\n      bakeryDefaults:\n        zone: europe-west4-a\n  timezone: UTC\n'
    writeFileSync(join(dir, 'config'), before)
    writeFileSync(join(dir, 'change.diff'), unifiedDiff(before, after, { from: 'config', to: 'config' }))
    try {
      execFileSync('patch', ['-s', 'config', 'change.diff'], { cwd: dir })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return // no patch(1) here: the other cases still hold
      throw error
    }
    expect(readFileSync(join(dir, 'config'), 'utf8')).toBe(after)
  })
})
