/** What every provider of Halyard's model shares. */

/** baseImage keys of Halyard's ImageSettings (node/BaseImage.java:40-44), without id. */
export const COMMON_IMAGE = ['shortDescription', 'detailedDescription', 'packageType', 'templateFile']

/**
 * Every account's settings in Halyard (halyard-config .../model/v1/node/Account.java: environment,
 * requiredGroupMembership, permissions as Fiat's READ/WRITE lists), with the flags of
 * AbstractAddAccountCommand / AbstractEditAccountCommand.
 */
export const COMMON_ACCOUNT = {
  keys: ['environment', 'requiredGroupMembership', 'permissions.READ', 'permissions.WRITE'],
  flagNames: { 'permissions.READ': 'read-permissions', 'permissions.WRITE': 'write-permissions' },
  entries: { requiredGroupMembership: 'required-group-membership', 'permissions.READ': 'read-permission', 'permissions.WRITE': 'write-permission' },
}

/** Halyard's key order of what all providers share; each provider's own keys follow. */
export const COMMON_KEY_ORDER = {
  bakery: ['templateFile', 'baseImages'],
  baseImage: ['id', 'shortDescription', 'detailedDescription', 'packageType', 'templateFile'],
  // Jackson writes a superclass's fields first: Account, then the provider's.
  account: ['name', 'environment', 'requiredGroupMembership', 'permissions'],
}
