import { Signer } from '@fastify/cookie'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { rememberingSigner } from './remembering-signer.ts'

const SECRET = 'a-secret-of-at-least-thirty-two-characters'
const plain = new Signer(SECRET)

describe('the remembering cookie signer', () => {
  it('signs exactly as @fastify/cookie’s signer does', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        expect(rememberingSigner(SECRET).sign(value)).toBe(plain.sign(value))
      }),
    )
  })

  it('answers every value, asked once or again, as @fastify/cookie’s signer does', () => {
    const signer = rememberingSigner(SECRET)
    const signedOrNot = fc.oneof(
      fc.string().map((value) => plain.sign(value)),
      fc.string().map((value) => new Signer('another-secret-thirty-two-characters!').sign(value)),
      fc.string(),
    )
    fc.assert(
      fc.property(signedOrNot, (signed) => {
        const expected = plain.unsign(signed)
        expect(signer.unsign(signed)).toEqual(expected)
        expect(signer.unsign(signed)).toEqual(expected)
      }),
    )
  })

  it.each([
    [
      'the signature changed',
      (signed: string) => `${signed.slice(0, -1)}${signed.endsWith('A') ? 'B' : 'A'}`,
    ],
    ['the value changed', (signed: string) => `x${signed}`],
    ['no signature', (signed: string) => signed.slice(0, signed.lastIndexOf('.'))],
    ['an empty signature', (signed: string) => signed.slice(0, signed.lastIndexOf('.') + 1)],
  ])('refuses a cookie once it was genuine when %s', (_what, tamper) => {
    const signer = rememberingSigner(SECRET)
    const signed = signer.sign('csrf-secret')
    expect(signer.unsign(signed)).toEqual({ valid: true, renew: false, value: 'csrf-secret' })
    expect(signer.unsign(tamper(signed))).toMatchObject({ valid: false, value: null })
  })

  it('gives what it remembers so that no caller can change it', () => {
    const signer = rememberingSigner(SECRET)
    const signed = signer.sign('csrf-secret')
    signer.unsign(signed)
    const remembered = signer.unsign(signed) as { value: string | null }
    expect(() => {
      remembered.value = 'changed'
    }).toThrow(TypeError)
    expect(signer.unsign(signed).value).toBe('csrf-secret')
  })
})
