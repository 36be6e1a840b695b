/** Lists of providers in prose, for messages that name every provider galley models. */
import { PROVIDERS } from './index.js'

const join = (items: readonly string[], last: string) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`)

/** `a and b`, `a, b and c`. */
export const andList = (items: readonly string[]) => join(items, 'and')
/** `a or b`, `a, b or c`. */
export const orList = (items: readonly string[]) => join(items, 'or')
/** `neither a nor b`, `none of a, b or c`. */
export const noneOf = (items: readonly string[]) => (items.length === 2 ? `neither ${items[0]} nor ${items[1]}` : `none of ${orList(items)}`)

/** The provider examples use (the first registered one): its name, stock template, builder. */
export const exampleProvider = () => PROVIDERS[0]

/** A custom template's example name: the example provider's stock template with -custom (gce-custom.json). */
export const exampleCustomTemplate = () => exampleProvider().stockTemplate.replace(/(\.[^.]+)$/, '-custom$1')
