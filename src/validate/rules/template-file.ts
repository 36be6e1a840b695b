import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { STOCK_TEMPLATES } from '../../templates/stock.js'
import { isPlaceholder, isSet, str, type SectionRule, type SectionContext, type Finding } from '../rule.js'
import type { ValuePath } from '../../config/source.js'

/** Rosco looks templates up as $configDir/<templateFile> and never checks that they exist. */
export const templateFile: SectionRule = {
  id: 'bakery/template-file',
  severity: 'error',
  doc: 'Every templateFile (bakery default and per base image) names a stock template or a file in the deployment\'s profiles/rosco/packer/.',
  scope: 'section',
  *check(context) {
    const { bakery, bakeryPath, baseImages } = context
    yield* checkTemplate(context, str(bakery?.templateFile), [...bakeryPath, 'templateFile'], 'the bakery defaults')
    for (const { id, image, path } of baseImages) {
      yield* checkTemplate(context, str(image.templateFile), [...path, 'baseImage', 'templateFile'], `base image ${id}`)
    }
  },
}

function* checkTemplate({ packerDir, provider }: SectionContext, name: string | undefined, path: ValuePath, owner: string): Generator<Finding> {
  if (!isSet(name) || isPlaceholder(name)) return
  const file = name!
  if (file.startsWith('/') || file.split('/').includes('..')) {
    yield {
      path,
      message: `The template of ${owner}, "${file}", is not a file name inside Rosco's packer directory: Rosco would look for $configDir/${file}.`,
      remediation: `Install the template (hal config bakery template add FILE), then use its name, e.g. ${provider.stockTemplate.replace('.json', '-custom.json')}.`,
    }
    return
  }
  if (STOCK_TEMPLATES.includes(file)) return
  if (packerDir === undefined) return // a file checked on its own: nothing to resolve against
  if (existsSync(join(packerDir, file))) return
  yield {
    path,
    message: `The template of ${owner}, "${file}", is neither a stock template nor a file in ${packerDir}; every bake using it would fail.`,
    remediation: `Install it with hal config bakery template add PATH/${file}, or use a stock template (${STOCK_TEMPLATES.filter((t) => t.endsWith('.json')).join(', ')}).`,
  }
}
