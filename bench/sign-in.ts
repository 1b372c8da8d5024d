import { SESSION_COOKIE } from '../src/app/plugins/authentication.ts'

/**
 * Signs in through the sign-in page as a browser does: GET the form for its
 * CSRF cookie and token, POST the credentials, keep the session cookie. Returns
 * the Cookie header to send with every page request (session and CSRF cookies,
 * so the load looks like a signed-in browser's).
 *
 * @example
 * const cookie = await signInThroughPage('http://127.0.0.1:3000', 'practitioner@demo.ascend.test', 'ascend-demo')
 * await fetch(`${origin}/caseload`, { headers: { cookie } })
 */
export async function signInThroughPage(origin: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>()
  const keep = (response: Response) => {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';')
      const at = pair?.indexOf('=') ?? -1
      if (pair && at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1))
    }
  }
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ')

  const form = await fetch(`${origin}/sign-in`, { redirect: 'manual' })
  keep(form)
  const html = await form.text()
  const token = html.match(/name="_csrf" value="([^"]+)"/)?.[1]
  if (form.status !== 200 || !token) throw new Error(`The sign-in page gave no form (status ${form.status})`)

  const response = await fetch(`${origin}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ _csrf: token, email, password, returnTo: '/' }).toString(),
  })
  keep(response)
  await response.arrayBuffer()
  if (response.status !== 302 && response.status !== 303) {
    throw new Error(`Signing in as ${email} failed (status ${response.status})`)
  }
  if (!jar.has(SESSION_COOKIE)) {
    throw new Error(`Signing in as ${email} set no session cookie`)
  }
  return cookie()
}
