import type { Role } from '../../src/modules/identity/roles.ts'
import { type CouncilKey, emailFor, signInWithBrowser, type TestContext } from './test-context.ts'

/**
 * Posts a file to a page the way a browser's file upload does: a multipart
 * form with the CSRF token as an ordinary field.
 *
 * @example
 * const response = await uploadFile(ctx(), 'finance', `/accounts/${id}/statement-file`, 'statement', 'card.csv', csv)
 */
export async function uploadFile(
  ctx: TestContext,
  role: Role,
  url: string,
  field: string,
  fileName: string,
  content: string,
  council: CouncilKey = 'a',
) {
  const { cookie, csrf } = await signInWithBrowser(ctx.app, emailFor(role, council))
  const boundary = '----ascendtestboundary'
  const payload = [
    `--${boundary}`,
    'Content-Disposition: form-data; name="_csrf"',
    '',
    csrf,
    `--${boundary}`,
    `Content-Disposition: form-data; name="${field}"; filename="${fileName}"`,
    'Content-Type: application/octet-stream',
    '',
    content,
    `--${boundary}--`,
    '',
  ].join('\r\n')
  return ctx.app.inject({
    method: 'POST',
    url,
    headers: { cookie, accept: 'text/html', 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  })
}
