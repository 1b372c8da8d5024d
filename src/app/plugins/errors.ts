import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { Problem, ValidationProblem } from '../../kernel/problem.ts'

const isApi = (request: FastifyRequest) => request.url.startsWith('/api/')

/**
 * The one place errors become answers: RFC 9457 problem documents on the API,
 * GOV.UK error pages elsewhere. Nothing personal is logged: only the error's
 * kind and where it was thrown, never its message (which may quote input).
 */
export const errorHandling = fp(async (app: FastifyInstance) => {
  app.setNotFoundHandler(async (request, reply) => {
    return answer(request, reply, new Problem(404, 'Page not found', 'There is nothing at this address.'))
  })
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof Problem) return answer(request, reply, error)
    if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
      return answer(
        request,
        reply,
        new Problem(403, 'This form has expired', 'Go back, reload the page and try again.'),
      )
    }
    const status = error.statusCode ?? 500
    if (status >= 400 && status < 500) {
      const title = status === 429 ? 'Too many attempts' : 'There is a problem with the request'
      const detail =
        status === 429
          ? 'You have tried to sign in too many times. Wait 15 minutes, then try again.'
          : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? 'Send the body as application/json.'
            : error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
              ? 'The body is not valid JSON.'
              : 'The request could not be understood.'
      return answer(request, reply, new Problem(status, title, detail))
    }
    request.log.error(
      { err: { type: error.name, code: error.code, stack: error.stack?.split('\n').slice(1, 6).join('\n') } },
      'request failed',
    )
    return answer(
      request,
      reply,
      new Problem(500, 'Sorry, there is a problem with the service', 'Try again later.'),
    )
  })
})

function answer(request: FastifyRequest, reply: FastifyReply, problem: Problem) {
  reply.code(problem.status)
  if (isApi(request) || !acceptsHtml(request)) {
    return reply.type('application/problem+json').send({
      type: 'about:blank',
      title: problem.title,
      status: problem.status,
      detail: problem.message,
      ...(problem instanceof ValidationProblem ? { errors: problem.errors } : {}),
      ...problem.extra,
    })
  }
  return reply.view('error.njk', { problem, status: problem.status })
}

const acceptsHtml = (request: FastifyRequest) => {
  const accept = request.headers.accept
  return !accept || accept.includes('text/html') || accept.includes('*/*')
}
