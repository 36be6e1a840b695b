import { closeSync, openSync, readSync } from 'node:fs'
import { resolve } from 'node:path'
import { isPlaceholder, isSecretReference, isSet, str, type SectionRule } from '../../../model/rule.js'
import { shellWord } from '../../../lib/quote.js'

/** The first bytes of a key file: enough for its PEM header, never the key itself. */
function pemHeader(path: string): string | undefined {
  let fd: number | undefined
  try {
    fd = openSync(path, 'r')
    const buffer = Buffer.alloc(256)
    const n = readSync(fd, buffer, 0, buffer.length, 0)
    return buffer.subarray(0, n).toString('latin1')
  } catch {
    return undefined
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** Packer 1.6's oracle-oci builder reads only PKCS#1 keys; a PKCS#8 key fails with "'key_file' must be specified". */
export const oracleKeyFormat: SectionRule = {
  id: 'oracle/key-format',
  severity: 'error',
  doc: 'An oracle account\'s sshPrivateKeyFilePath holds a PEM key Packer can read (PKCS#1, BEGIN RSA PRIVATE KEY).',
  scope: 'section',
  providers: ['oracle'],
  *check({ accounts, baseDir }) {
    for (const { name, label, value, path } of accounts) {
      const file = str(value.sshPrivateKeyFilePath)
      if (!isSet(file) || isPlaceholder(file) || isSecretReference(file)) continue
      const header = pemHeader(resolve(baseDir, file!))
      if (header === undefined) continue // account/file reports files that cannot be read
      const where = [...path, 'sshPrivateKeyFilePath']
      if (/-----BEGIN (ENCRYPTED )?PRIVATE KEY-----/.test(header)) {
        const encrypted = header.includes('ENCRYPTED')
        yield {
          path: where,
          message: `The key of oracle account ${label} (${file}) is ${encrypted ? 'an encrypted ' : 'a '}PKCS#8 key; Packer's oracle-oci builder reads only PKCS#1 keys and fails with "'key_file' must be specified".`,
          remediation: `Convert it: openssl rsa -in ${shellWord(file!)} -traditional -out ${shellWord(`${file}.pkcs1.pem`)}${encrypted ? ' -aes256' : ''}, then hal config provider oracle account edit ${name === undefined ? 'NAME' : shellWord(name)} --ssh-private-key-file-path ${shellWord(`${file}.pkcs1.pem`)}`,
        }
      } else if (!/-----BEGIN RSA PRIVATE KEY-----/.test(header)) {
        yield {
          path: where,
          message: `The key file of oracle account ${label} (${file}) is not a PEM RSA private key.`,
          remediation: 'Point sshPrivateKeyFilePath at the API signing key (a PEM file starting with -----BEGIN RSA PRIVATE KEY-----).',
        }
      }
    }
  },
}
