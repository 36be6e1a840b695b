import type { RuleMeta } from '../model/problem.js'
import { PROVIDERS } from '../providers/index.js'

/**
 * The problems a bake plan reports beyond the config rules (which it runs too, on the base image
 * and account it bakes with, under their own ids). Each id once, with its severity and one line.
 */
export const BAKE_RULES = [
  { id: 'bake/provider', severity: 'error', doc: 'The bake\'s provider is configured and enabled in the deployment (else Rosco has no bake handler for it).' },
  { id: 'bake/base-image', severity: 'error', doc: 'The requested base image is one of the provider\'s base images (Rosco: "No virtualization settings found").' },
  { id: 'bake/package-name', severity: 'warning', doc: 'Package names read as Rosco reads them: an rpm name whose last dot part is not an architecture is misread.' },
  { id: 'bake/account', severity: 'error', doc: 'The bake has an account: the one named by --account, or the provider\'s first.' },
  { id: 'bake/template', severity: 'error', doc: 'The bake has a template (--template-file, the base image\'s or the bakery\'s) that Rosco finds in its packer directory.' },
  { id: 'bake/var-file', severity: 'error', doc: 'The --var-file is a file of the deployment\'s profiles/rosco/packer/.' },
  { id: 'bake/secret-reference', severity: 'warning', doc: 'A variable whose value is a secret reference: Rosco receives it decrypted, galley never decrypts it.' },
  { id: 'bake/appversion', severity: 'warning', doc: 'The appversion Rosco builds is one frigga\'s AppVersion.parseName accepts (else none is passed).' },
  { id: 'bake/image-name', severity: 'error', doc: 'The image name Rosco builds for this bake is one the provider\'s Packer builder accepts.' },
  { id: 'bake/source-image', severity: 'error', doc: 'The bake has an image to start from: the base image\'s settings or the request\'s own (Rosco stops before Packer without one).' },
  { id: 'bake/region', severity: 'error', doc: 'A bake of a provider that bakes in a region has one (Rosco\'s URL region), and it names one of the provider\'s regions.' },
  { id: 'bake/enhanced-networking', severity: 'error', doc: 'Enhanced networking is asked for only where Packer can turn it on (not on a spot instance).' },
  { id: 'bake/hcl-template', severity: 'warning', doc: 'An HCL2 template declares every variable Rosco passes (Packer fails on an undeclared -var).' },
  { id: 'bake/undeclared-variable', severity: 'error', doc: 'An HCL2 template whose declarations are known declares every variable Rosco passes (Packer stops with "Undefined -var variable").' },
  { id: 'bake/required-variable', severity: 'error', doc: 'Every variable the template requires is one Rosco passes for this bake.' },
  { id: 'bake/templates-needing-root', severity: 'warning', doc: `A template whose builder runs only as root (${PROVIDERS.flatMap((p) => p.packer.needsRoot?.builders ?? []).join(', ')}) is in Rosco's templatesNeedingRoot, so that Rosco runs packer with sudo.` },
  { id: 'bake/rosco-settings', severity: 'warning', doc: 'The deployment\'s profiles/rosco-local.yml settings a bake reads are readable and of the right type.' },
  { id: 'packer/validate', severity: 'error', doc: 'packer validate accepts the bake\'s template with the variables Rosco would pass (hal bake validate).' },
] as const satisfies readonly RuleMeta[]

export type BakeRuleId = (typeof BAKE_RULES)[number]['id']

/** Config rules a plan does not report because it checks the same thing itself, on the bake: bakery/image-name (bake/image-name checks the very name Rosco builds). */
export const CHECKED_BY_THE_PLAN: ReadonlySet<string> = new Set(['bakery/image-name'])

/** Rules whose problems `packer validate` also finds, in its own words: left to Packer by local runs. */
export const PACKER_REPORTS: ReadonlySet<string> = new Set<BakeRuleId>(['bake/required-variable'])
