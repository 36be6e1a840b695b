import { usage } from '../lib/errors.js'

/**
 * A bake request as Rosco's REST API takes it: snake_case, the fields of Rosco's BakeRequest
 * (spinnaker/rosco rosco-core/src/main/groovy/com/netflix/spinnaker/rosco/api/BakeRequest.groovy:39-94;
 * `package` is package_name's JSON name). galley sets those its bake flags name (request-fields.ts);
 * the others are here for flags that providers contribute. `plan`, `validate` and `test` compute
 * from it what Rosco would do; `submit` sends it as it is. request_id is Rosco's to make.
 */
export interface BakeRequest {
  /** Rosco's cloud_provider_type: a provider's roscoType. */
  cloud_provider_type: string
  base_os: string
  /** Rosco's URL region (/api/v1/REGION/bake), for providers whose bakes take one; never in the body. */
  region?: string
  user?: string
  /** Space-separated package names. */
  package?: string
  /** Packages given as Spinnaker artifacts: written to the artifacts file; their names count for the image name and appversion. */
  package_artifacts?: Artifact[]
  build_host?: string
  /** CI build number, commit and job: they make the appversion (PackageNameConverter.buildAppVersionStr). */
  job?: string
  build_number?: string
  commit_hash?: string
  build_info_url?: string
  base_label?: 'release' | 'candidate' | 'previous' | 'unstable' | 'foundation'
  base_name?: string
  /** An explicit image replacing the base image's (GCE: a source image). */
  base_ami?: string
  vm_type?: 'pv' | 'hvm'
  store_type?: 'ebs' | 's3' | 'docker'
  enhanced_networking?: boolean
  ami_name?: string
  ami_suffix?: string
  upgrade?: boolean
  instance_type?: string
  organization?: string
  template_file_name?: string
  extended_attributes?: Record<string, string>
  var_file_name?: string
  account_name?: string
  spinnaker_execution_id?: string
  publisher?: string
  offer?: string
  sku?: string
  os_type?: 'linux' | 'windows'
  package_type?: string
  custom_managed_image_name?: string
}

/** Rosco's (kork's) Artifact, as a bake request carries it; unknown fields land in metadata. */
export interface Artifact {
  type?: string
  customKind?: boolean
  name?: string
  version?: string
  location?: string
  reference?: string
  metadata?: Record<string, unknown>
  artifactAccount?: string
  provenance?: string
  uuid?: string
}

export const ARTIFACT_FIELDS = ['type', 'customKind', 'name', 'version', 'location', 'reference', 'metadata', 'artifactAccount', 'provenance', 'uuid'] as const

/** `KEY=VALUE` pairs; the last of a repeated key wins, as it would in a map. */
export function parseExtendedAttributes(pairs: readonly string[]): Record<string, string> {
  // No prototype: a key such as __proto__ is an attribute like any other, as in Rosco's map.
  const out: Record<string, string> = Object.create(null)
  for (const pair of pairs) {
    const eq = pair.indexOf('=')
    const key = eq === -1 ? '' : pair.slice(0, eq).trim()
    if (eq === -1 || key === '') {
      throw usage(`--extended-attribute "${pair}" is not KEY=VALUE`, {
        code: 'BAD_EXTENDED_ATTRIBUTE',
        remediation: 'Write it as --extended-attribute copy_to=us-east1,us-west1 (one flag per attribute).',
      })
    }
    out[key] = pair.slice(eq + 1)
  }
  return out
}

const ARTIFACT_REMEDIATION = 'Write it as --artifact type=deb,name=myapp_1.2-3_all,reference="http://repo/ stable main myapp" or as a JSON object, e.g. --artifact \'{"type":"deb","name":"myapp","reference":"..."}\' (fields: ' + ARTIFACT_FIELDS.join(', ') + ').'

/**
 * One `--artifact`: a JSON object, or `key=value` pairs separated by commas (a value holding a
 * comma needs the JSON form). The fields are kork's Artifact's; in JSON an unknown field goes
 * into metadata, as Rosco's deserializer puts it there.
 */
export function parseArtifact(text: string): Artifact {
  const bad = (why: string) =>
    usage(`--artifact ${JSON.stringify(text)} ${why}`, { code: 'BAD_ARTIFACT', remediation: ARTIFACT_REMEDIATION })
  let raw: Record<string, unknown>
  if (text.trimStart().startsWith('{')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (error) {
      throw bad(`is not valid JSON (${(error as Error).message})`)
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw bad('is not a JSON object')
    raw = parsed as Record<string, unknown>
  } else {
    raw = {}
    for (const pair of text.split(',')) {
      const eq = pair.indexOf('=')
      const key = eq === -1 ? '' : pair.slice(0, eq).trim()
      if (eq === -1 || key === '') throw bad(`has "${pair}", which is not key=value`)
      if (!(ARTIFACT_FIELDS as readonly string[]).includes(key) || key === 'metadata') throw bad(`has an unknown field "${key}"`)
      if (key in raw) throw bad(`gives ${key} twice`)
      raw[key] = key === 'customKind' ? parseBoolean(pair.slice(eq + 1).trim(), () => bad('has customKind that is neither true nor false')) : pair.slice(eq + 1)
    }
  }
  const artifact: Artifact = {}
  const metadata: Record<string, unknown> = Object.create(null)
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'metadata') {
      if (value !== null && (typeof value !== 'object' || Array.isArray(value))) throw bad('has metadata that is not an object')
      Object.assign(metadata, value ?? {})
    } else if (key === 'customKind') {
      if (typeof value !== 'boolean') throw bad('has customKind that is not true or false')
      artifact.customKind = value
    } else if ((ARTIFACT_FIELDS as readonly string[]).includes(key)) {
      if (value !== null && typeof value !== 'string') throw bad(`has ${key} that is not a string`)
      if (value !== null) (artifact as Record<string, unknown>)[key] = value
    } else if (key !== 'kind') {
      metadata[key] = value // Artifact.ArtifactBuilder's @JsonAnySetter; "kind" is ignored
    }
  }
  if (Object.keys(metadata).length > 0) artifact.metadata = metadata
  if (Object.keys(artifact).length === 0) throw bad('sets no field')
  return artifact
}

function parseBoolean(text: string, fail: () => Error): boolean {
  if (text === 'true') return true
  if (text === 'false') return false
  throw fail()
}
