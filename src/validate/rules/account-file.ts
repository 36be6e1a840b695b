import { accessSync, constants, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { PROVIDERS, accountFields } from '../../providers/index.js'
import { andList } from '../../providers/words.js'
import { isPlaceholder, isSecretReference, isSet, str, type SectionRule } from '../../model/rule.js'
import { shellWord } from '../../lib/quote.js'

/** Account key files must exist where the bake runs; Halyard only found out at deploy time. */
export const accountFile: SectionRule = {
  id: 'account/file',
  severity: 'error',
  doc: `Account files (${PROVIDERS.filter((p) => accountFields(p).some((f) => f.localFile)).map((p) => `${p.name} ${andList(accountFields(p).filter((f) => f.localFile).map((f) => f.key))}`).join(', ')}) exist and are readable.`,
  scope: 'section',
  *check({ provider, accounts, baseDir, dialect }) {
    const keys = accountFields(provider).filter((field) => field.localFile)
    for (const { name, label, value, path } of accounts) {
      for (const field of keys) {
        const file = str(value[field.key])
        // A config server resource (`configserver:...`) is fetched by Spinnaker, as a secret reference is resolved by it.
        if (!isSet(file) || isPlaceholder(file) || isSecretReference(file) || file!.startsWith('configserver:')) continue
        const full = resolve(baseDir, file!)
        let problem: string | undefined
        try {
          if (!statSync(full).isFile()) problem = 'is not a file'
          else accessSync(full, constants.R_OK)
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code
          problem = problem ?? (code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : `cannot be read (${code})`)
        }
        // Halyard stages a copy of each key file under <deployment>/staging/dependencies/ and writes that
        // path into the rosco.yml it generates (spinnaker/halyard ProfileFactory.backupRequiredFiles,
        // HalconfigDirectoryStructure.getStagingDependenciesPath):
        // the file is on the Rosco host, made by Halyard, not the user's to fix.
        if (problem && dialect === 'rosco' && /\/staging\/dependencies\//.test(file!)) {
          yield {
            path: [...path, field.key],
            severity: 'info',
            message: `The ${field.key} of ${provider.name} account ${label} is Halyard's staged copy (${file}), which is not on this machine; Halyard puts it on the Rosco host when it deploys.`,
          }
          continue
        }
        if (problem) {
          yield {
            path: [...path, field.key],
            // A Rosco settings file names paths inside Rosco's container, which need not exist here.
            severity: dialect === 'rosco' ? 'warning' : undefined,
            message: `The ${field.key} of ${provider.name} account ${label}, ${file}, ${problem}.`,
            remediation: `Fix the path (hal config provider ${provider.name} account edit ${name === undefined ? 'NAME' : shellWord(name)} --${field.flag} PATH), or the file's permissions. On a Rosco host the file must exist at that path too.`,
          }
        }
      }
    }
  },
}
