import cookie from '@fastify/cookie'
// @fastify/cookie loads this package with import() as it registers, and a start then waited for it to
// be read from disk, file by file; imported here, it is loaded with the rest of the service.
import 'cookie'
import fastify, { type FastifyInstance, type FastifySchemaCompiler, LogController } from 'fastify'
import { holderLinkRoutes } from '../modules/accounts/holder-link-routes.ts'
import { accountRoutes } from '../modules/accounts/routes.ts'
import { statementUploadRoutes } from '../modules/accounts/statement-upload-routes.ts'
import { assessmentRoutes } from '../modules/assessments/routes.ts'
import { auditRoutes } from '../modules/audit/routes.ts'
import { benchmarkingRoutes } from '../modules/benchmarking/routes.ts'
import { budgetRoutes } from '../modules/budgets/routes.ts'
import { carerRoutes } from '../modules/carers/routes.ts'
import { cldReturnRoutes } from '../modules/cld/return-routes.ts'
import { cldRoutes } from '../modules/cld/routes.ts'
import { consistencyRoutes } from '../modules/consistency/routes.ts'
import { decisionCostRoutes } from '../modules/decisions/cost-routes.ts'
import { decisionRoutes } from '../modules/decisions/routes.ts'
import { whatIfRoutes } from '../modules/decisions/what-if-routes.ts'
import { passwordLinkRoutes } from '../modules/identity/password-link-routes.ts'
import { identityRoutes } from '../modules/identity/routes.ts'
import { cookieSecret } from '../modules/identity/store.ts'
import { userAdminRoutes } from '../modules/identity/user-admin-routes.ts'
import { offerRoutes } from '../modules/market/offer-routes.ts'
import { openReferralRoutes } from '../modules/market/open-referral-routes.ts'
import { planMatchingRoutes } from '../modules/market/plan-matching-routes.ts'
import { providerOfferRoutes } from '../modules/market/provider-offer-routes.ts'
import { providerPortalRoutes } from '../modules/market/provider-portal-routes.ts'
import { marketRoutes } from '../modules/market/routes.ts'
import { measureRoutes } from '../modules/measures/routes.ts'
import { panelRoutes } from '../modules/panels/routes.ts'
import { endAtDeathRoutes } from '../modules/people/end-at-death-routes.ts'
import { mergeRoutes } from '../modules/people/merge-routes.ts'
import { peopleRoutes } from '../modules/people/routes.ts'
import { planRoutes } from '../modules/plans/routes.ts'
import { reablementRoutes } from '../modules/reablement/routes.ts'
import { requestRoutes } from '../modules/requests/routes.ts'
import { reviewRoutes } from '../modules/reviews/routes.ts'
import { selfAssessmentRoutes } from '../modules/self-assessment/routes.ts'
import { navigation } from './navigation.ts'
import { authentication } from './plugins/authentication.ts'
import { councilDataEvents } from './plugins/council-data-events.ts'
import { csrf } from './plugins/csrf.ts'
import { errorHandling } from './plugins/errors.ts'
import { healthChecks } from './plugins/health.ts'
import { loggerOptions, requestLog } from './plugins/logging.ts'
import { openApi } from './plugins/open-api.ts'
import { requestParsing } from './plugins/request-parsing.ts'
import { securityHeaders } from './plugins/security-headers.ts'
import { staticAssets } from './plugins/static-assets.ts'
import { views } from './plugins/views.ts'
import { rememberingSigner } from './remembering-signer.ts'
import type { AppServices } from './services.ts'

/** Fastify's validator compiler for routes' schemas: the input as given (zod checks it). */
const takeAsGiven: FastifySchemaCompiler<unknown> = () => (data) => ({ value: data })
/** Fastify's serialiser compiler: JSON.stringify, whatever the schema. */
const asJson = () => (data: unknown) => JSON.stringify(data)

/**
 * Builds the service. Read top to bottom, this is what happens to a request.
 *
 * @example
 * const app = await buildApp({ database, config, now: () => new Date() })
 * await app.listen({ port: 3000 })
 */
export async function buildApp(services: AppServices): Promise<FastifyInstance> {
  const app = fastify({
    logger: loggerOptions(services.config, services.logStream),
    // Fastify's own lines a request (arriving, answered) give way to requestLog's one.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: true,
    // Routes' schemas are for the OpenAPI document only: input is checked by zod in each handler (one
    // set of messages for pages and API), so Fastify neither validates nor serialises with them. Given
    // here, at construction, Fastify does not load Ajv and fast-json-stringify for compilers it would
    // never use: a tenth of a second of every start.
    schemaController: {
      // (Fastify's types ask for Ajv's compiled functions; Fastify itself takes any compiler.)
      compilersFactory: { buildValidator: () => takeAsGiven as never, buildSerializer: () => asJson },
    },
  })

  await app.register(requestLog)
  await app.register(healthChecks, services)
  await app.register(securityHeaders, { https: services.config.secureCookies })
  await app.register(cookie, { secret: rememberingSigner(await cookieSecret(services.database.db)) })
  await app.register(requestParsing)
  await app.register(staticAssets)
  await app.register(views)
  await app.register(openApi)
  await app.register(authentication, services)
  await app.register(csrf, { secure: services.config.secureCookies })
  await app.register(navigation)
  await app.register(errorHandling)
  await app.register(councilDataEvents)

  await app.register(identityRoutes, services)
  await app.register(userAdminRoutes, services)
  await app.register(passwordLinkRoutes, services)
  await app.register(peopleRoutes, services)
  await app.register(carerRoutes, services)
  await app.register(mergeRoutes, services)
  await app.register(endAtDeathRoutes, services)
  await app.register(requestRoutes, services)
  await app.register(assessmentRoutes, services)
  await app.register(reablementRoutes, services)
  await app.register(reviewRoutes, services)
  await app.register(budgetRoutes, services)
  await app.register(planRoutes, services)
  await app.register(decisionRoutes, services)
  await app.register(accountRoutes, services)
  await app.register(statementUploadRoutes, services)
  await app.register(holderLinkRoutes, services)
  await app.register(marketRoutes, services)
  await app.register(openReferralRoutes, services)
  await app.register(planMatchingRoutes, services)
  await app.register(providerPortalRoutes, services)
  await app.register(offerRoutes, services)
  await app.register(providerOfferRoutes, services)
  await app.register(decisionCostRoutes, services)
  await app.register(whatIfRoutes, services)
  await app.register(consistencyRoutes, services)
  await app.register(panelRoutes, services)
  await app.register(auditRoutes, services)
  await app.register(selfAssessmentRoutes, services)
  await app.register(benchmarkingRoutes, services)
  await app.register(measureRoutes, services)
  await app.register(cldRoutes, services)
  await app.register(cldReturnRoutes, services)

  return app
}
