import { afterEach, describe, expect, it } from 'vitest'
import { providers } from '../../src/bakery/providers.js'
import {
  REDACTED, addSecretValues, escapeControls, forDisplay, forgetSecretValues, isSecretName, noteSecretsInArgv, noteSecretsInText, noteSecretsInValue, redactText, terminal,
} from '../../src/lib/redact.js'
import { redact } from '../../src/config/secrets.js'

afterEach(() => forgetSecretValues())

describe('which names are secret', () => {
  const secret = [
    'privateKeyPassphrase', 'oracle_pass_phrase', 'password', 'keyStorePassword', 'api_token', 'apiToken', 'client-secret', 'clientSecret',
    'aws_secret_key', 'AWS_SECRET_KEY', 'secret_access_key', 'secretAccessKey', 'access_key', 'accessKey', 'credentials', 'credential',
    'github_pat', 'GITHUB_PAT', 'auth', 'basicAuth', 'Authorization', 'key', 'apiKey', 'APIKEY', 'api-key', 'private_key', 'secretkey',
    'secret', 'secrets', 'token', 'tokens', 'passwd', 'encryptionKey', 'sshKey',
  ]
  // Files, places, names of other objects and flags: their values are not secrets, and users
  // rely on seeing them (which key file an account uses, which secret a pod mounts).
  const notSecret = [
    'sshPrivateKeyFilePath', 'oracle_ssh_private_key_file_path', 'keyFile', 'key_file', 'jsonPath', 'passwordFile', 'tokenUrl', 'secretName',
    'fingerprint', 'keyId', 'access_key_id', 'accessKeyId', 'author', 'oauth', 'monkey', 'turkey', 'path', 'compat', 'keyAlias', 'name', 'project',
    'gce_account_file', 'tenancyId', 'passage', 'tokenizer', '',
  ]
  it.each(secret)('%s is secret', (name) => expect(isSecretName(name)).toBe(true))
  it.each(notSecret)('%s is not secret', (name) => expect(isSecretName(name)).toBe(false))

  it("every field a provider marks secret (the schemas' secret fields) is secret by the rule", () => {
    const fields = Object.values(providers).flatMap((p) => [...p.account, ...p.bakery, ...p.image, ...p.virtualization]).filter((f) => f.secret)
    expect(fields.length).toBeGreaterThan(0)
    for (const field of fields) expect(isSecretName(field.key), field.key).toBe(true)
  })
})

describe('secret-keyed lines', () => {
  it('YAML, code frames, JSON, escaped JSON, -var and HCL forms lose their values', () => {
    expect(redactText('  privateKeyPassphrase: hunter22')).toBe(`  privateKeyPassphrase: ${REDACTED}`)
    expect(redactText('> 12 |         privateKeyPassphrase: "hunter 22" # old')).toBe(`> 12 |         privateKeyPassphrase: ${REDACTED} # old`)
    expect(redactText('    - aws_secret_key: abcd')).toBe(`    - aws_secret_key: ${REDACTED}`)
    expect(redactText('{"github_pat": "ghp_1234", "name": "x"}')).toBe(`{"github_pat": "${REDACTED}", "name": "x"}`)
    expect(redactText('"frame": "  11 |   x: 1\\n> 12 |   credentials: abc def\\n  13 | y"')).toBe(`"frame": "  11 |   x: 1\\n> 12 |   credentials: ${REDACTED}\\n  13 | y"`)
    expect(redactText('"frame": "  3 |   \\"access_key\\": \\"AKIA1234\\","')).toBe(`"frame": "  3 |   \\"access_key\\": \\"${REDACTED}\\","`)
    expect(redactText("  -var 'oracle_pass_phrase=two words' \\")).toBe(`  -var 'oracle_pass_phrase=${REDACTED}' \\`)
    expect(redactText('packer build -var secret_access_key=abcd1234 t.json')).toBe(`packer build -var secret_access_key=${REDACTED} t.json`)
    expect(redactText('aws_secret_key = "abcd"')).toBe(`aws_secret_key = ${REDACTED}`)
    expect(redactText('--private-key-passphrase=hunter22')).toBe(`--private-key-passphrase=${REDACTED}`)
    expect(redactText('::error file=c::a%0Aapi_token: zzzzzz%0Ab')).toBe(`::error file=c::a%0Aapi_token: ${REDACTED}%0Ab`)
  })

  it('keeps what is not a secret: paths, placeholders, references, template expressions, empty values', () => {
    for (const line of [
      '  sshPrivateKeyFilePath: /home/me/.oci/key.pem', '  privateKeyPassphrase: <redacted>', '  privateKeyPassphrase: encrypted:vault!p:x',
      '  privateKeyPassphrase:', '  credentials:', '"aws_secret_key": "{{user `aws_secret_key`}}"', '  --private-key-passphrase=<value>',
      '--extended-attribute api_token=VALUE', '  useAuth: true', 'fingerprint: 12:34', '"token": null',
    ]) expect(redactText(line)).toBe(line)
  })

  it('keeps a JSON document valid: a value ends at its closing quote', () => {
    const doc = JSON.stringify({ frame: '> 1 | privateKeyPassphrase: abc"def', token: 'xyzw', n: { password: 12345678 } }, null, 2)
    const shown = JSON.parse(redactText(doc))
    expect(shown.token).toBe(REDACTED)
    expect(shown.n.password).toBe(REDACTED)
    expect(shown.frame).not.toContain('abc')
  })
})

describe('known secret values', () => {
  it('are replaced wherever they appear, in the forms outputs give them', () => {
    addSecretValues(['s3cr<et>&"x\'', 'plain-secret-1'])
    expect(redactText('message plain-secret-1 here')).toBe(`message ${REDACTED} here`)
    expect(redactText(JSON.stringify('s3cr<et>&"x\''))).toBe(`"${REDACTED}"`)
    expect(redactText('s3cr&lt;et&gt;&amp;&quot;x&apos;')).toBe(REDACTED)
    expect(redactText(encodeURIComponent('plain-secret-1'))).toBe(REDACTED)
  })

  it('shorter than 4 characters, or placeholders, are not known (they would replace ordinary words)', () => {
    addSecretValues(['abc', 'true', '<redacted>', 'encrypted:x:y'])
    expect(redactText('abc true encrypted:x:y')).toBe('abc true encrypted:x:y')
  })

  it('come from parsed values: a secret subtree is secret throughout', () => {
    noteSecretsInValue({ a: { privateKeyPassphrase: 'pp-1234', jsonPath: '/k.json' }, credentials: { user: 'u-5678', list: ['l-9012'] } })
    expect(redactText('pp-1234 u-5678 l-9012 /k.json')).toBe(`${REDACTED} ${REDACTED} ${REDACTED} /k.json`)
  })

  it('come from texts that do not parse, and from HCL variables', () => {
    noteSecretsInText('a: [\n  privateKeyPassphrase: broken-1234\nvariable "aws_secret_key" {\n  type = string\n  default = "hcl-5678"\n}\n')
    expect(redactText('broken-1234 hcl-5678')).toBe(`${REDACTED} ${REDACTED}`)
  })

  it('come from the command line: secret flags (both forms) and secret name=value pairs, never path flags', () => {
    noteSecretsInArgv(['--private-key-passphrase', 'flag-1111', '--private-key-passphrase=flag-2222', '--extended-attribute', 'github_pat=pat-3333',
      '-e', 'aws_secret_key=aws-4444', '--ssh-key', '/home/me/.ssh/id', '--fingerprint', 'aa:bb:cc:dd'])
    expect(redactText('flag-1111 flag-2222 pat-3333 aws-4444')).toBe(Array(4).fill(REDACTED).join(' '))
    expect(redactText('/home/me/.ssh/id aa:bb:cc:dd')).toBe('/home/me/.ssh/id aa:bb:cc:dd')
  })
})

describe('control characters', () => {
  it('are shown escaped: escape sequences, bell, backspace, a lone carriage return, C1, bidi overrides', () => {
    expect(escapeControls('a\u001b[2Jb\u0007c\bd\re\u009bf\u202eg')).toBe('a\\x1b[2Jb\\x07c\\x08d\\x0de\\x9bf\\u202eg')
  })
  it('keep tab, line feed and CRLF', () => {
    expect(escapeControls('a\tb\nc\r\nd')).toBe('a\tb\nc\r\nd')
  })
  it("galley's own sequences travel as a token, which is not a control character and not shown raw by forDisplay", () => {
    expect(terminal('\u001b[1m')).not.toMatch(/\u001b/)
    expect(forDisplay(`${terminal('\u001b[1m')}x`)).not.toMatch(/\u001b/)
  })
})

describe('structured redaction (hal config, account get)', () => {
  it('uses the same rule, and keeps booleans, references and empty values', () => {
    expect(redact({ aws_secret_key: 'a', github_pat: 'b', useAuth: true, token: '', password: 'encrypted:x', sshPrivateKeyFilePath: '/k' }))
      .toEqual({ aws_secret_key: REDACTED, github_pat: REDACTED, useAuth: true, token: '', password: 'encrypted:x', sshPrivateKeyFilePath: '/k' })
  })
})

describe('commented-out secrets', () => {
  it('lose their values too (a code frame shows comments)', () => {
    expect(redactText('  12 |   # privateKeyPassphrase: old-one-1234')).toBe(`  12 |   # privateKeyPassphrase: ${REDACTED}`)
  })
})

describe('secrets not on their name\'s line', () => {
  it('block scalars and folded values of a file that does not parse are known', () => {
    noteSecretsInText('a: [\n  privateKeyPassphrase: |\n    block-secret-1234\n  token:\n    folded-secret-5678\n  name:\n    not-a-secret-9012\n')
    expect(redactText('block-secret-1234 folded-secret-5678 not-a-secret-9012')).toBe(`${REDACTED} ${REDACTED} not-a-secret-9012`)
  })
  it('flow mappings lose their secret values', () => {
    expect(redactText('  3 |   - {name: oci, privateKeyPassphrase: flow-secret-1}')).not.toContain('flow-secret-1')
  })
})

describe('JSON documents about secrets (schemas, templates)', () => {
  it('keep a secret key whose value is an object or a list: its entries are judged one by one', () => {
    const schema = JSON.stringify({ properties: { privateKeyPassphrase: { type: ['string', 'null'], description: 'A secret: never printed.' }, credentials: ['a', 'b'] } }, null, 2)
    expect(redactText(schema)).toBe(schema)
    expect(JSON.parse(redactText(JSON.stringify({ privateKeyPassphrase: { token: 'abcd1234' } }, null, 2)))).toEqual({ privateKeyPassphrase: { token: REDACTED } })
  })
})
