// Types of the validators that scripts/compile-schemas.js generates from schemas/.
export interface AjvError {
  instancePath: string
  schemaPath: string
  keyword: string
  params: Record<string, any>
  message?: string
}
export interface CompiledValidator {
  (data: unknown): boolean
  errors?: AjvError[] | null
}
export const halconfig: CompiledValidator
export const deployment: CompiledValidator
/** Each provider's bakeryDefaults validator, by the name of its schema (schemas/<name>.schema.json). */
export const bakeryDefaults: Readonly<Record<string, CompiledValidator>>
