import type { Rule } from '../rule.js'
import { accountFile } from './account-file.js'
import { duplicateAccount } from './duplicate-account.js'
import { duplicateBaseImage } from './duplicate-base-image.js'
import { googleImageFamily } from './google-image-family.js'
import { googleImageFamilyKey } from './google-image-family-key.js'
import { googleNetwork } from './google-network.js'
import { googleProject } from './google-project.js'
import { googleSourceImage } from './google-source-image.js'
import { googleZone } from './google-zone.js'
import { halyardUnknownKey } from './halyard-unknown-key.js'
import { imageName } from './image-name.js'
import { oracleAccount } from './oracle-account.js'
import { oracleAvailabilityDomain } from './oracle-availability-domain.js'
import { oracleBakeryRequired } from './oracle-bakery-required.js'
import { oracleBaseImage } from './oracle-base-image.js'
import { oracleFlexShape } from './oracle-flex-shape.js'
import { oracleInstanceShape } from './oracle-instance-shape.js'
import { oracleKeyFormat } from './oracle-key-format.js'
import { oracleSubnetId } from './oracle-subnet-id.js'
import { osType } from './os-type.js'
import { packageType } from './package-type.js'
import { providerAccounts } from './provider-accounts.js'
import { templateFile } from './template-file.js'

/** Every bakery rule, in the order their problems are reported. */
export const RULES: readonly Rule[] = [
  googleZone, googleNetwork, googleSourceImage, googleImageFamily, googleImageFamilyKey, googleProject,
  oracleBakeryRequired, oracleAvailabilityDomain, oracleSubnetId, oracleInstanceShape, oracleFlexShape,
  oracleBaseImage, oracleAccount, oracleKeyFormat,
  packageType, osType, duplicateBaseImage, templateFile, imageName,
  providerAccounts, accountFile, duplicateAccount, halyardUnknownKey,
]
