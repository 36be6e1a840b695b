import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { shellLine, shellWord, shownName } from '../../src/lib/quote.js'

// The words of a suggested command, read back by a real POSIX shell (dash or bash as /bin/sh):
// what the user would get by pasting the line.
const throughShell = (line: string): string[] =>
  JSON.parse(execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${line} | node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>console.log(JSON.stringify(s.split("\\0").slice(0,-1))))'`], { encoding: 'utf8' }))

describe('shellWord: a word as a POSIX shell needs it written', () => {
  it('leaves words with nothing special to the shell as they are', () => {
    for (const word of ['ubuntu-2204', 'us-east-1', 'ami-0123456789abcdef0', 'a/b.json', 'KEY=value', 'user@host:22', '50%', 'a,b', 'x+y']) expect(shellWord(word)).toBe(word)
  })
  it('single-quotes anything else, and the empty word', () => {
    expect(shellWord('my image')).toBe(`'my image'`)
    expect(shellWord('')).toBe(`''`)
    expect(shellWord('$HOME')).toBe(`'$HOME'`)
    expect(shellWord('Linux/UNIX (Amazon VPC)')).toBe(`'Linux/UNIX (Amazon VPC)'`)
    expect(shellWord('~x')).toBe(`'~x'`)
    expect(shellWord('#x')).toBe(`'#x'`)
  })
  it('writes a quote inside as \'\\\'\'', () => {
    expect(shellWord(`it's`)).toBe(`'it'\\''s'`)
  })
  it('gives back every word unchanged through a real shell, whatever it holds', () => {
    const words = ['my image', '', ' ', `it's`, `"quoted"`, '$(touch /tmp/x)', '`id`', 'a\\b', 'tab\there', 'line\nbreak', '*', '?', '[a]', 'a;b', 'a|b', 'a&b', '!x', '~', '#', '{a,b}', 'é ü', `'`, `''`]
    expect(throughShell(shellLine(words))).toEqual(words)
  })
})

describe('shownName: a user-given name in a message', () => {
  it('shows plain names as they are', () => {
    for (const name of ['ubuntu', 'my-account', 'ubuntu_2204', 'ocid1.image.oc1..aaaa']) expect(shownName(name)).toBe(name)
  })
  it('quotes the empty, the blank and anything with white space, quotes or control characters, so that none of it vanishes', () => {
    expect(shownName('')).toBe('""')
    expect(shownName(' ')).toBe('" "')
    expect(shownName('my image')).toBe('"my image"')
    expect(shownName(' x')).toBe('" x"')
    expect(shownName('a\tb')).toBe('"a\\tb"')
    expect(shownName('a\nb')).toBe('"a\\nb"')
    expect(shownName('say "hi"')).toBe('"say \\"hi\\""')
  })
})
