import type nunjucks from 'nunjucks'

/** What the service navigation's partial reads from a page's context. */
interface NavigationContext {
  user?: { displayName: string; role: string; councilName: string }
  navigation?: { href: string; text: string; active: boolean }[]
  csrfToken?: string
}

const PARTIAL = 'partials/service-navigation.njk'
/** Stands for the CSRF token in a kept rendering. Text from a page's data reaches the
 * navigation escaped, so an unescaped `<` can only be this. */
const TOKEN = '<ascend-csrf-token>'
const KEPT_AT_MOST = 1_000

/**
 * Adds the `serviceNavigation()` global: the service navigation's HTML, rendered
 * once for each user name, role, council and current section and kept, with
 * each request's own CSRF token put in. GOV.UK's navigation macro was a
 * quarter of a person page's render; what it makes depends on nothing else.
 * The HTML is the partial's, byte for byte (`rendered-navigation.test.ts`).
 *
 * @example
 * addRenderedNavigation(env, nunjucks)
 * // layout.njk: {{ serviceNavigation() }}
 */
export function addRenderedNavigation(env: nunjucks.Environment, engine: typeof nunjucks): void {
  // Each kept rendering as the text before and after the token.
  const keptUnfrozen = new Map<string, [string, string]>()
  const keptFor = new WeakMap<object, Map<string, [string, string]>>()
  env.addGlobal('serviceNavigation', function serviceNavigation(this: { ctx: NavigationContext }) {
    const { user, navigation, csrfToken } = this.ctx
    if (user === undefined || csrfToken === undefined) {
      return new engine.runtime.SafeString(env.render(PARTIAL, this.ctx))
    }
    // Everything the partial reads but the token. A frozen navigation (navigation.ts gives
    // each role and section the same one) is known by itself rather than spelt out.
    const who = JSON.stringify([user.displayName, user.role, user.councilName])
    const frozen = Array.isArray(navigation) && Object.isFrozen(navigation)
    const key = frozen ? who : `${who}${JSON.stringify(navigation)}`
    let kept = frozen ? keptFor.get(navigation) : keptUnfrozen
    if (kept === undefined) {
      kept = new Map()
      keptFor.set(navigation as object[], kept)
    }
    let around = kept.get(key)
    if (around === undefined) {
      const [before, after, ...more] = env
        .render(PARTIAL, { user, navigation, csrfToken: TOKEN })
        .split(TOKEN)
      if (before === undefined || after === undefined || more.length > 0) {
        throw new Error(`${PARTIAL} should hold the CSRF token once`)
      }
      around = [before, after]
      if (kept.size >= KEPT_AT_MOST) kept.clear()
      kept.set(key, around)
    }
    return new engine.runtime.SafeString(around[0] + csrfToken + around[1])
  })
}
