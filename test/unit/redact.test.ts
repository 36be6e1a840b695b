import { afterEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../helpers/hal.js'
import { providers } from '../../src/providers/index.js'
import {
  REDACTED, addSecretValues, holdsSecrets, forTerminal, redactJsonDocument, redactUsageMessage, secretValueLines, escapeControls, forDisplay, forgetSecretValues, isSecretName, noteSecretsInArgv, noteSecretsInText, noteSecretsInValue, redactText, terminal,
} from '../../src/lib/redact.js'
import { redact } from '../../src/model/secrets.js'
import { codeFrame } from '../../src/config/source.js'
import { splitLongLine } from '../../src/lib/process-group.js'

afterEach(() => forgetSecretValues())

describe('which names are secret', () => {
  const secret = [
    'privateKeyPassphrase', 'oracle_pass_phrase', 'password', 'keyStorePassword', 'api_token', 'apiToken', 'client-secret', 'clientSecret',
    'aws_secret_key', 'AWS_SECRET_KEY', 'secret_access_key', 'secretAccessKey', 'access_key', 'accessKey', 'credentials', 'credential',
    'github_pat', 'GITHUB_PAT', 'auth', 'basicAuth', 'Authorization', 'key', 'apiKey', 'APIKEY', 'api-key', 'private_key', 'secretkey',
    'secret', 'secrets', 'token', 'tokens', 'passwd', 'encryptionKey', 'sshKey',
    'db_pass', 'root_pw', 'admin_pwd', 'DB_PASS', 'dbPass', 'private_key_pem', 'tls_key_pem', 'ansible_vault_pass', 'vault_password',
    // Mistyped or numbered copies of a secret field are shown as they are written, so they must be redacted too.
    'appkey', 'APPKEY', 'awsSecretKey2', 'password_1', 'token3',
  ]
  // Files, places, names of other objects and flags: their values are not secrets, and users
  // rely on seeing them (which key file an account uses, which secret a pod mounts).
  const notSecret = [
    'sshPrivateKeyFilePath', 'oracle_ssh_private_key_file_path', 'keyFile', 'key_file', 'jsonPath', 'passwordFile', 'tokenUrl', 'secretName',
    'fingerprint', 'keyId', 'access_key_id', 'accessKeyId', 'author', 'oauth', 'monkey', 'turkey', 'path', 'compat', 'keyAlias', 'name', 'project',
    'gce_account_file', 'tenancyId', 'passage', 'tokenizer', '', 'keyFile2', 'v2',
    'db_pass_file', 'root_pw_path', 'passFile', 'pemPath', 'private_key_pem_file', 'cert_pem', 'public_key_pem', 'ca_pem', 'compass', 'bypass', 'vault_addr', 'vaultId',
    // Switches (true or false) and public keys: Halyard's azure --useSshPublicKey is both.
    'useSshPublicKey', 'isKeyRequired', 'hasPassword', 'use_token', 'sshPublicKey', 'ssh_public_key', 'publicKeys',
  ]
  it.each(secret)('%s is secret', (name) => expect(isSecretName(name)).toBe(true))
  it.each(notSecret)('%s is not secret', (name) => expect(isSecretName(name)).toBe(false))

  it('no switch of the built CLI has a secret name: a boolean flag is true or false, never redacted in help or echoes', () => {
    // oclif.manifest.json carries no flags (scripts/build.js): the build's command reference has them all.
    const manifest = JSON.parse(readFileSync(join(ROOT, 'dist', 'command-reference.json'), 'utf8')) as { commands: Record<string, { flags: Record<string, { type: string }> }> }
    const switches = Object.values(manifest.commands).flatMap((c) => Object.entries(c.flags).filter(([, f]) => f.type === 'boolean').map(([name]) => name))
    expect(switches).toContain('useSshPublicKey')
    expect(switches.filter((name) => isSecretName(name))).toEqual([])
  })

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

  it('shorter than 8 characters, or placeholders, are not replaced anywhere (they would replace ordinary words)', () => {
    addSecretValues(['abc', 'true', 'default', 'ocid1', '": "', '<redacted>', 'encrypted:x:y'])
    expect(redactText('abc true * default ocid1.compartment.oc1..aaaa {"a": "b"} encrypted:x:y'))
      .toBe('abc true * default ocid1.compartment.oc1..aaaa {"a": "b"} encrypted:x:y')
  })

  it('short secrets are still redacted on their keyed lines', () => {
    noteSecretsInValue({ privateKeyPassphrase: 'default' })
    expect(redactText('  privateKeyPassphrase: default\n  name: default')).toBe(`  privateKeyPassphrase: ${REDACTED}\n  name: default`)
  })

  it('a value the config also shows as non-secret (a name, an id, a region) is not replaced anywhere', () => {
    noteSecretsInValue({ name: 'production-oracle', region: 'us-ashburn-1', privateKeyPassphrase: 'production-oracle', token: 'us-ashburn-1', password: 'real-secret-1' })
    expect(redactText('account production-oracle in us-ashburn-1, real-secret-1')).toBe(`account production-oracle in us-ashburn-1, ${REDACTED}`)
  })

  it('typed on the command line, they are replaced from 4 characters', () => {
    noteSecretsInArgv(['--private-key-passphrase', 'hunt'])
    expect(redactText('no account named hunt')).toBe(`no account named ${REDACTED}`)
  })

  it('come from parsed values: a secret subtree is secret throughout', () => {
    noteSecretsInValue({ a: { privateKeyPassphrase: 'pp-1234-x', jsonPath: '/k.json' }, credentials: { user: 'u-5678-xx', list: ['l-9012-xx'] } })
    expect(redactText('pp-1234-x u-5678-xx l-9012-xx /k.json')).toBe(`${REDACTED} ${REDACTED} ${REDACTED} /k.json`)
  })

  it('come from texts that do not parse, and from HCL variables', () => {
    noteSecretsInText('a: [\n  privateKeyPassphrase: broken-1234\nvariable "aws_secret_key" {\n  type = string\n  default = "hcl-5678-x"\n}\n')
    expect(redactText('broken-1234 hcl-5678-x')).toBe(`${REDACTED} ${REDACTED}`)
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
    expect(escapeControls('a\u001b[2Jb\u0007c\bd\re\u009bf\u202eg')).toBe('a\\x1b[2Jb\\x07c\\x08d\\x0de\\u009bf\\u202eg')
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

describe('DEL and C1 in JSON output', () => {
  it('are escaped as \\u007f / \\u0085, which JSON reads back as the same characters', () => {
    const doc = JSON.stringify({ shortDescription: 'a\u007fb\u0085c\u009bd\u202ee' }, null, 2)
    const shown = forTerminal(`${doc}\n`)
    expect(shown).not.toMatch(/[\u007f-\u009f\u202e]/)
    expect(JSON.parse(shown).shortDescription).toBe('a\u007fb\u0085c\u009bd\u202ee')
  })
})

describe('typed secrets in usage errors', () => {
  const known = (name: string) => ['private-key-passphrase', 'region', 'json', 'no-validate'].includes(name)

  it('the words of an unquoted passphrase are secret, up to the next flag', () => {
    const argv = ['edit', 'acct1', '--private-key-passphrase', 'correct', 'horse', 'battery', 'staple', '--region', 'us-ashburn-1']
    noteSecretsInArgv(argv)
    expect(redactText('correct horse battery staple')).toBe(REDACTED)
    expect(redactUsageMessage('Unexpected arguments: horse, battery, staple', argv, known)).toBe(`Unexpected arguments: ${REDACTED}, ${REDACTED}, ${REDACTED}`)
    expect(redactUsageMessage('Unexpected argument: us-ashburn-1', argv, known)).toBe('Unexpected argument: us-ashburn-1')
  })

  it("an unknown flag's inline value is never shown, nor the tokens after it (it may be a mistyped secret flag)", () => {
    const argv = ['edit', 'acct1', '--private-key-pass=Secret456y', '--foo', 'abc', 'def', '--region', 'r1', 'extra']
    noteSecretsInArgv(argv)
    expect(redactUsageMessage('Nonexistent flags: --private-key-pass=Secret456y, --foo', argv, known)).toBe('Nonexistent flags: --private-key-pass=…, --foo')
    expect(redactUsageMessage('Unexpected arguments: abc, def, extra', argv, known)).toBe(`Unexpected arguments: ${REDACTED}, ${REDACTED}, extra`)
  })
})

describe('JSON output is redacted by its structure', () => {
  it('stays valid whatever the secrets hold, and keeps its layout', () => {
    addSecretValues(['x", "name": "y\\', 'a-long-secret-value'])
    const doc = `${JSON.stringify({ name: 'y', note: 'see a-long-secret-value', privateKeyPassphrase: 'x", "name": "y\\', n: { password: 12 } }, null, 2)}\n`
    const shown = redactJsonDocument(doc)!
    expect(shown.endsWith('}\n')).toBe(true)
    expect(JSON.parse(shown)).toEqual({ name: 'y', note: `see ${REDACTED}`, privateKeyPassphrase: REDACTED, n: { password: REDACTED } })
    expect(JSON.parse(forTerminal(doc)).privateKeyPassphrase).toBe(REDACTED)
  })
  it('a text that is not one JSON document is left to the text rule', () => {
    expect(redactJsonDocument('{"a": 1} {"b": 2}')).toBeUndefined()
    expect(redactJsonDocument('not json')).toBeUndefined()
  })
})

describe('long output lines are cut outside known secrets', () => {
  it('a secret across the piece boundary is never split, so each piece redacts it whole', () => {
    addSecretValues(['hunter22-secret'])
    for (let offset = 0; offset < 16; offset++) {
      const line = `${'x'.repeat(100 - offset)}hunter22-secret${'y'.repeat(300)}hunter22-secret${'z'.repeat(50)}`
      const pieces = splitLongLine(line, 100)
      expect(pieces.join('')).toBe(line)
      const shown = pieces.map((piece) => redactText(piece)).join('')
      expect(shown).not.toMatch(/hunter|22-secret|secret/)
      expect(pieces.every((piece) => piece.length <= 100)).toBe(true)
    }
  })
  it('a secret longer than a piece is still cut (the pieces keep moving)', () => {
    addSecretValues(['s'.repeat(300)])
    expect(splitLongLine('s'.repeat(300), 100).join('')).toBe('s'.repeat(300))
  })
})

describe("code frames hide the lines of a secret's value", () => {
  it('a flow collection is shown redacted on its line and the lines it runs on to', () => {
    const text = 'a: 1\nprivateKeyPassphrase: [pw1, {q: zz9},\n  zz8]\nb: 2\n'
    const frame = codeFrame(text, 2, 1, 2)
    expect(frame).not.toMatch(/pw1|zz9|zz8/)
    expect(frame).toContain(`privateKeyPassphrase: ${REDACTED}`)
    expect(frame).toContain('b: 2')
  })
  it("a block scalar's lines are shown redacted; the next key is shown", () => {
    const text = 'x:\n  privateKeyPassphrase: |-\n    pw1\n\n    pw2\n  region: r1\n'
    const frame = codeFrame(text, 4, 1, 3)
    expect(frame).not.toMatch(/pw1|pw2/)
    expect(frame).toContain('region: r1')
    expect(secretValueLines(text)).toEqual(new Map([[3, `    ${REDACTED}`], [5, `    ${REDACTED}`]]))
  })
  it('a quoted value running on to the next lines is shown redacted up to its closing quote', () => {
    const text = 'x:\n  privateKeyPassphrase: "ab\n    cd \\" ef\n    gh"\n  region: r1\n'
    const frame = codeFrame(text, 3, 1, 2)
    expect(frame).not.toMatch(/ab|cd|ef|gh/)
    expect(frame).toContain('region: r1')
    expect(secretValueLines("  token: 'it''s\n  done'\n  b: 1\n").size).toBe(2)
  })
  it('an ordinary mapping keeps its lines', () => {
    expect(secretValueLines('name: a\nproviders:\n  x: [1, 2]\n').size).toBe(0)
  })
})

describe('parsed values with aliases', () => {
  it('each shared object is walked once per verdict (a billion laughs of 2^40 paths takes no time), and its secret values are known', () => {
    let node: unknown = { name: 'leaf-name-1', inner: { v: 'shared-secret-1' } }
    for (let i = 0; i < 40; i++) node = { a: node, b: node }
    const started = Date.now()
    noteSecretsInValue({ tower: node, credentials: { password: node } })
    expect(Date.now() - started).toBeLessThan(1000)
    // The same object under a secret name is walked again with that verdict: its scalars are secret
    // (and, shown under plain names too, they count as ordinary values, which are not replaced anywhere).
    expect(redactText('x shared-secret-1 y')).toBe('x shared-secret-1 y')
    forgetSecretValues()
    noteSecretsInValue({ credentials: { password: node }, other: { password: node } })
    expect(redactText('x shared-secret-1 leaf-name-1 y')).toBe(`x ${REDACTED} ${REDACTED} y`)
  })
})

describe("a URL's password", () => {
  afterEach(() => forgetSecretValues())

  it('is redacted up to the last "@" before the host, as URL parsers read it, whatever the key', () => {
    expect(redactText('reference: https://user:p@S3CRETPW@repo.example.com/x.deb')).toBe(`reference: https://user:${REDACTED}@repo.example.com/x.deb`)
    expect(redactText('repository=https://u:plain-pw@deb.example/ stable main')).toBe(`repository=https://u:${REDACTED}@deb.example/ stable main`)
    expect(redactText('ssh://u:p@ss@127.0.0.1:22 and http://a:b@h/x@y')).toBe(`ssh://u:${REDACTED}@127.0.0.1:22 and http://a:${REDACTED}@h/x@y`)
  })

  it('leaves URLs without a password as they are', () => {
    for (const text of ['https://repo.example.com/apt', 'https://user@host/x', 'git+ssh://git@github.com/o/r', 'mailto:x@y.z']) expect(redactText(text)).toBe(text)
  })

  it('is known once read: shown elsewhere on its own, it is redacted too', () => {
    noteSecretsInValue({ customRepository: 'https://builder:Sup3r@S3cret@apt.example.com/spinnaker' })
    expect(redactText('the password Sup3r@S3cret')).toBe(`the password ${REDACTED}`)
  })
})

describe('secrets in an HCL2 template', () => {
  it('a reference to a variable (client_secret = var.azure_client_secret) is not a secret value; a literal is', () => {
    expect(holdsSecrets('source "azure-arm" "linux" {\n  client_secret   = var.azure_client_secret\n}\n')).toBe(false)
    expect(holdsSecrets('source "azure-arm" "linux" {\n  client_secret   = "Sup3r-S3cret-Value"\n}\n')).toBe(true)
  })
})
