import type { Formatter } from '../report.js'

/**
 * The report itself, pretty-printed; documented by `schemas/validation-report.schema.json`.
 * Optional problem fields that are not set are left out. The result has no trailing newline.
 */
export const jsonFormatter: Formatter = (report) => JSON.stringify(report, null, 2)

export default jsonFormatter
