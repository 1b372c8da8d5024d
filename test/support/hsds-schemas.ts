import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv2020 } from 'ajv/dist/2020.js'
import formats, { type FormatsPlugin } from 'ajv-formats'

/** HSDS 3.0's own schemas (test/fixtures/hsds-3.0/SOURCE.txt), each under its file name, as its $refs name them. */
export function hsdsValidator(schema: string) {
  const folder = fileURLToPath(new URL('../fixtures/hsds-3.0', import.meta.url))
  // The schemas carry HSDS's own keywords (core, constraints, example): not JSON Schema's, not errors.
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  // ajv-formats is CommonJS: its plugin is the module's default export.
  const module = formats as unknown as { default?: FormatsPlugin } & FormatsPlugin
  ;(module.default ?? module)(ajv)
  for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.json')))
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')), file)
  return ajv.getSchema(schema) as NonNullable<ReturnType<typeof ajv.getSchema>>
}
