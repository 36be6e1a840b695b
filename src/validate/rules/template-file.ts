import { confinedFile, linkOutside, namingProblem, shown } from '../../lib/confine.js'
import { STOCK_TEMPLATES } from '../../templates/stock.js'
import { isPlaceholder, isSet, str, type SectionRule, type SectionContext, type Finding } from '../../model/rule.js'
import type { ValuePath } from '../../model/value-path.js'

/** Rosco looks templates up as $configDir/<templateFile> and never checks that they exist. */
export const templateFile: SectionRule = {
  id: 'bakery/template-file',
  severity: 'error',
  doc: 'Every templateFile (bakery default and per base image) names a stock template or a file in the deployment\'s profiles/rosco/packer/.',
  scope: 'section',
  *check(context) {
    const { bakery, bakeryPath, baseImages } = context
    yield* checkTemplate(context, str(bakery?.templateFile), [...bakeryPath, 'templateFile'], 'the bakery defaults')
    for (const { id, label, image, path } of baseImages) {
      yield* checkTemplate(context, str(image.templateFile), [...path, 'baseImage', 'templateFile'], `base image ${id}`)
    }
  },
}

function* checkTemplate({ packerDir, provider }: SectionContext, name: string | undefined, path: ValuePath, owner: string): Generator<Finding> {
  if (!isSet(name) || isPlaceholder(name)) return
  const file = name!
  const problem = namingProblem(file)
  if (problem) {
    yield {
      path,
      message: `The template of ${owner}, "${shown(file)}", is not a file name inside Rosco's packer directory (${problem}): Rosco would look for $configDir/${shown(file)}.`,
      remediation: `Install the template (hal config bakery template add FILE), then use its name, e.g. ${provider.stockTemplate.replace('.json', '-custom.json')}.`,
    }
    return
  }
  if (packerDir !== undefined) {
    // A link out of the packer directory is never followed (and Rosco's container would not have its target).
    const outside = linkOutside(packerDir, file)
    if (outside) {
      yield {
        path,
        message: `The template of ${owner}, ${file}, is reached through a symbolic link leading outside the packer directory (${outside[0]}); galley does not follow it and Rosco would not find it.`,
        remediation: `Replace the link with a copy of the file: hal config bakery template add FILE --name ${file} --force`,
      }
      return
    }
  }
  if (STOCK_TEMPLATES.includes(file)) return
  if (packerDir === undefined) return // a file checked on its own: nothing to resolve against
  if (confinedFile(packerDir, file) !== undefined) return
  yield {
    path,
    message: `The template of ${owner}, "${file}", is neither a stock template nor a file in ${packerDir}; every bake using it would fail.`,
    remediation: `Install it with hal config bakery template add PATH/${file}, or use a stock template (${STOCK_TEMPLATES.filter((t) => t.endsWith('.json')).join(', ')}).`,
  }
}
