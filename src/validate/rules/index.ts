import { PROVIDERS } from '../../providers/index.js'
import type { Rule } from '../../model/rule.js'
import { accountFile } from './account-file.js'
import { duplicateAccount } from './duplicate-account.js'
import { duplicateBaseImage } from './duplicate-base-image.js'
import { halyardUnknownKey } from './halyard-unknown-key.js'
import { osType } from './os-type.js'
import { packageType } from './package-type.js'
import { providerAccounts } from './provider-accounts.js'
import { templateFile } from './template-file.js'

/** Every bakery rule, in the order their problems are reported: each provider's own, then the common ones. */
export const RULES: readonly Rule[] = [
  ...PROVIDERS.flatMap((p) => p.rules),
  packageType, osType, duplicateBaseImage, templateFile,
  ...PROVIDERS.flatMap((p) => p.baseImageRules ?? []),
  providerAccounts, accountFile, duplicateAccount, halyardUnknownKey,
]
