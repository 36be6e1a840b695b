import { gceProjectId } from '../formats.js'
import { isPlaceholder, isSet, type SectionRule } from '../../../model/rule.js'
import { formatFinding } from '../../../model/rule-helpers.js'
import { shellWord } from '../../../lib/quote.js'

/** Rosco passes an account's project to Packer as the required gce_project_id. */
export const googleProject: SectionRule = {
  id: 'google/project',
  severity: 'error',
  doc: 'Each google account has a project, and it is a GCP project id.',
  scope: 'section',
  providers: ['google'],
  *check({ accounts }) {
    for (const { name, label, value, path } of accounts) {
      const edit = (corrected?: string) => `hal config provider google account edit ${name === undefined ? 'NAME' : shellWord(name)} --project ${corrected === undefined ? 'PROJECT_ID' : shellWord(corrected)}`
      if (!isSet(value.project)) {
        yield { path, message: `Google account ${label} has no project: a bake with it fails (gce_project_id is required).`, remediation: edit() }
      } else if (!isPlaceholder(value.project)) {
        yield* formatFinding([...path, 'project'], 'Project', String(value.project), gceProjectId(String(value.project)), edit)
      }
    }
  },
}
