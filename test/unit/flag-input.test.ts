import { homedir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { expandVariableArity, listValues, localPath, takeSecretFlags } from '../../src/cli/flag-input.js'

/** How Halyard's command line (JCommander) reads list flags, secret flags and paths, as galley rewrites them for oclif. */

describe('variable arity (JCommander variableArity = true)', () => {
  const lists = ['image-projects', 'regions']
  it('takes every token up to the next flag, one --flag=value each', () => {
    expect(expandVariableArity(['add', 'gce', '--image-projects', 'a', 'b', '--project', 'p'], lists))
      .toEqual(['add', 'gce', '--image-projects=a', '--image-projects=b', '--project', 'p'])
  })
  it('stops at --, which ends the flags: a positional may follow', () => {
    expect(expandVariableArity(['--image-projects', 'a', 'b', '--', 'gce', '--regions', 'x'], lists))
      .toEqual(['--image-projects=a', '--image-projects=b', '--', 'gce', '--regions', 'x'])
  })
  it('takes only the inline value of --flag=value, and leaves a flag without values to oclif', () => {
    expect(expandVariableArity(['--regions=r1', 'gce', '--image-projects'], lists)).toEqual(['--regions=r1', 'gce', '--image-projects'])
  })
  it('keeps an empty value (it removes the list)', () => {
    expect(expandVariableArity(['--regions', ''], lists)).toEqual(['--regions='])
    expect(listValues([''], 'regions')).toEqual([])
  })
  it('splits commas and flattens repeats', () => {
    expect(listValues(['a,b', ' c ', 'd, e'], 'regions')).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(listValues(undefined, 'regions')).toBeUndefined()
  })
  it('refuses a blank entry (exit 2) instead of dropping it: only "" alone is the empty list', () => {
    for (const given of [[' '], ['a,,b'], ['a,'], [',a'], ['a', ''], ['', ''], ['a', ' , ']]) {
      expect(() => listValues(given, 'regions'), JSON.stringify(given)).toThrow(expect.objectContaining({ exitCode: 2, code: 'BLANK_LIST_ENTRY' }))
    }
    // The one-entry flags (--add-region, --remove-region) have no empty form at all.
    expect(() => listValues([''], 'add-region', false)).toThrow(expect.objectContaining({ exitCode: 2, message: '--add-region "" has a blank value: nothing was written' }))
    expect(listValues(['us-east-1'], 'add-region', false)).toEqual(['us-east-1'])
  })
})

describe('secret flags (JCommander password = true)', () => {
  const names = new Map([['private-key-passphrase', 'private-key-passphrase']])
  it('without a value: taken out of argv to be asked for; the next token stays an argument', () => {
    expect(takeSecretFlags(['edit', '--private-key-passphrase', 'oci', '--region', 'r'], names))
      .toEqual({ argv: ['edit', 'oci', '--region', 'r'], ask: ['private-key-passphrase'], inline: [] })
  })
  it('with =VALUE: left for the parser, and noted (it warns)', () => {
    expect(takeSecretFlags(['--private-key-passphrase=s3cret'], names)).toEqual({ argv: ['--private-key-passphrase=s3cret'], ask: [], inline: ['private-key-passphrase'] })
  })
  it('after --, nothing is a flag', () => {
    expect(takeSecretFlags(['--', '--private-key-passphrase'], names).ask).toEqual([])
  })
})

describe('local paths (LocalFileConverter)', () => {
  it('a relative path is made absolute against the current directory', () => {
    expect(localPath('./keys/gce.json', '/home/me/work')).toBe('/home/me/work/keys/gce.json')
    expect(localPath('../gce.json', '/home/me/work')).toBe('/home/me/gce.json')
    expect(localPath('/etc/key.pem', '/home/me/work')).toBe('/etc/key.pem')
    expect(localPath('~/key.pem', '/home/me/work')).toBe(`${homedir()}/key.pem`)
  })
  it('references, config server resources, placeholders and "" stay as given', () => {
    for (const value of ['encrypted:s3!r:us-west-2!b:bucket!f:key', 'encryptedFile:gcs!b:b!f:key.json', 'configserver:key.json', '${GCE_KEY}', '']) {
      expect(localPath(value, '/home/me/work')).toBe(value)
    }
  })
})
