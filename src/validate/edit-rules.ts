import type { RuleMeta } from '../model/problem.js'

/** What an edit reports beside the config rules it is checked with. */
export const MOVED_TO_ROSCO_PROFILE = {
  id: 'file/moved-to-rosco-profile',
  severity: 'info',
  doc: 'An edit of a SpinnakerService moved base images to profiles.rosco, where the operator passes Rosco\'s own keys.',
} as const satisfies RuleMeta

/** An edit the domain refuses (a duplicate id...), as a wizard's answer check reports it. */
export const EDIT_REFUSED = {
  id: 'edit/refused',
  severity: 'error',
  doc: 'An edit that hal refuses outright (a duplicate id, a missing entry): the wizard asks again.',
} as const satisfies RuleMeta

export const EDIT_RULES: readonly RuleMeta[] = [MOVED_TO_ROSCO_PROFILE, EDIT_REFUSED]
