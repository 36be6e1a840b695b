import { providerOfType, type Provider } from '../providers/index.js'
import type { BakeRequest } from '../model/bake-request.js'

/** The provider of a request's cloud_provider_type (a bake request is only ever built for a modelled one). */
export function providerOfRequest(request: Pick<BakeRequest, 'cloud_provider_type'>): Provider {
  const provider = providerOfType(request.cloud_provider_type)
  if (!provider) throw new Error(`no provider has Rosco's cloud_provider_type ${request.cloud_provider_type}`)
  return provider
}

/**
 * The request as Rosco receives it: the JSON body `bake submit` POSTs. Fields Rosco reads from
 * the URL (the region of /api/v1/REGION/bake) are not in it: Rosco's BakeRequest has no such field.
 */
export function requestBody(request: BakeRequest): string {
  const inUrl = new Set(providerOfType(request.cloud_provider_type)?.bake.requestFields.filter((f) => f.inUrl).map((f) => f.field) ?? [])
  return JSON.stringify(Object.fromEntries(Object.entries(request).filter(([key]) => !inUrl.has(key))))
}
