import { Signer, type UnsignResult } from '@fastify/cookie'

/** Signed values remembered at most; past it the memory starts again (a browser sends the same one for hours). */
const REMEMBERED_AT_MOST = 10_000

/**
 * @fastify/cookie's signer, remembering the values it has found genuine. The
 * CSRF cookie is signed, and every page checks its signature to read the
 * secret the page's token is made from: an HMAC, about 13 µs a request under
 * load, for the same cookie each time. A value is remembered only once its
 * signature has been checked, so a forged one is checked at every request
 * and never fills the memory.
 *
 * @example
 * await app.register(cookie, { secret: rememberingSigner(secret) })
 */
export function rememberingSigner(secret: string, algorithm = 'sha256'): Pick<Signer, 'sign' | 'unsign'> {
  const signer = new Signer(secret, algorithm)
  const genuine = new Map<string, UnsignResult>()
  return {
    sign: (value) => signer.sign(value),
    unsign(signedValue) {
      const known = genuine.get(signedValue)
      if (known !== undefined) return known
      const unsigned = signer.unsign(signedValue)
      // A value that asks to be signed again (signed with an older secret) is not remembered, so it keeps asking.
      if (unsigned.valid && !unsigned.renew) {
        if (genuine.size >= REMEMBERED_AT_MOST) genuine.clear()
        genuine.set(signedValue, Object.freeze({ ...unsigned }))
      }
      return unsigned
    },
  }
}
