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
export const googleBakeryDefaults: CompiledValidator
export const oracleBakeryDefaults: CompiledValidator
export const googleProvider: CompiledValidator
export const oracleProvider: CompiledValidator
