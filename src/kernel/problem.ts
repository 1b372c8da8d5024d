/**
 * Errors that carry the answer a user should get. Routes throw them; the error
 * handler turns them into a GOV.UK page or an RFC 9457 problem document.
 */
export interface FieldError {
  /** The input's name, as in the form or the JSON body (`dateOfBirth`, `outcomes.nutrition`). */
  field: string
  message: string
}

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = 'Problem'
  }
}

/** Input that failed validation: 422 with one message per field. */
export class ValidationProblem extends Problem {
  constructor(readonly errors: FieldError[]) {
    super(422, 'There is a problem with the information you gave', errors.map((e) => e.message).join(' '))
  }
}

export const notFound = (what = 'Page') => new Problem(404, `${what} not found`, `${what} not found`)
export const forbidden = () =>
  new Problem(403, 'You do not have permission to do this', 'Your role does not allow this action')
export const conflict = (message: string, extra: Record<string, unknown> = {}) =>
  new Problem(409, 'This conflicts with the current state', message, extra)

/**
 * What a form shows back when its input is refused: the status, and the
 * fields' errors for its error summary. A conflict (409) names no field, so
 * its message is put on `conflictField`. Undefined for any other error.
 *
 * @example
 * const refused = formRefusal(error, 'carerId')
 * if (!refused) throw error
 * return showForm(reply.code(refused.status), refused.errors)
 */
export function formRefusal(
  error: unknown,
  conflictField: string,
): { status: number; errors: FieldError[] } | undefined {
  if (error instanceof ValidationProblem) return { status: 422, errors: error.errors }
  if (error instanceof Problem && error.status === 409)
    return { status: 409, errors: [{ field: conflictField, message: error.message }] }
  return undefined
}
