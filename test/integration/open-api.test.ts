import { expect, it } from 'vitest'
import { openApiPath } from '../../src/app/plugins/open-api.ts'
import { describeOnEachDatabase } from '../support/test-context.ts'

describeOnEachDatabase('the OpenAPI document', (ctx) => {
  it('describes every API route the app serves, each with a summary', async () => {
    const response = await ctx().app.inject({ url: '/api/v1/openapi.json' })
    expect(response.statusCode).toBe(200)
    const paths = response.json().paths as Record<string, Record<string, { summary?: string }>>
    const served = ctx()
      .app.apiRoutes()
      .filter((route) => route.url !== '/api/v1/openapi.json')
    expect(served.length).toBeGreaterThan(10)
    const undocumented = served
      .filter((route) => !paths[openApiPath(route.url)]?.[route.method.toLowerCase()]?.summary?.trim())
      .map((route) => `${route.method} ${route.url}`)
    expect(undocumented).toEqual([])
  })

  it('describes nothing the app does not serve', async () => {
    const paths = (await ctx().app.inject({ url: '/api/v1/openapi.json' })).json().paths as Record<
      string,
      Record<string, unknown>
    >
    const served = new Set(
      ctx()
        .app.apiRoutes()
        .map((route) => `${route.method.toLowerCase()} ${openApiPath(route.url)}`),
    )
    const documented = Object.entries(paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method} ${path}`),
    )
    expect(documented.filter((operation) => !served.has(operation))).toEqual([])
  })

  it('turns route parameters into OpenAPI path templates', () => {
    expect(openApiPath('/api/v1/people/:id/requests')).toBe('/api/v1/people/{id}/requests')
    expect(openApiPath('/api/v1/teams/:teamId/workers/:userId')).toBe(
      '/api/v1/teams/{teamId}/workers/{userId}',
    )
  })
})
