import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { pathId } from '../../kernel/path-id.ts'
import { type FieldError, formRefusal, Problem, ValidationProblem } from '../../kernel/problem.ts'
import { openApiBody } from '../../kernel/validation.ts'
import { providerNames } from '../market/store.ts'
import { ROLE_LABELS, ROLES } from './roles.ts'
import { type CurrentUser, listTeams } from './store.ts'
import {
  addTeamAsAdmin,
  addUserAsAdmin,
  changeUser,
  listUsers,
  makePasswordLink,
  PASSWORD_LINK_DAYS,
  readUser,
  setUserActive,
  type UserRow,
} from './user-admin.ts'
import { TEAM_ROLES, userSchema } from './user-inputs.ts'

const userJson = (user: Omit<UserRow, 'created_at'> & { created_at: Date }) => ({
  id: user.id,
  displayName: user.display_name,
  email: user.email,
  role: user.role,
  teamId: user.team_id,
  teamName: user.team_name,
  providerId: user.provider_id,
  providerName: user.provider_name,
  active: user.active,
  awaitingPassword: user.awaiting_password,
  createdAt: user.created_at.toISOString(),
})

const BREADCRUMBS = [
  { text: 'Home', href: '/' },
  { text: 'Users', href: '/admin/users' },
]

/**
 * The council's users, for its administrators: pages and API to add them,
 * change them, deactivate them and give them a link to set a password.
 */
export async function userAdminRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const admins = { preHandler: allow('manageUsers') }
  const userId = (request: FastifyRequest) => pathId((request.params as { id: string }).id, 'User')
  const form = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>
  /** Where a link points: this service, as the administrator reached it. */
  const linkTo = (request: FastifyRequest, secret: string) =>
    `${request.protocol}://${request.host}/set-password?link=${secret}`
  const idParams = z.toJSONSchema(z.object({ id: z.uuid() }))

  app.get(
    '/api/v1/users',
    { ...admins, schema: { tags: ['users'], summary: 'The council’s users' } },
    async (request) => ({
      users: (await listUsers(database, currentUser(request))).map(userJson),
    }),
  )

  app.post(
    '/api/v1/users',
    {
      ...admins,
      schema: {
        tags: ['users'],
        summary: `Add a user, with a link (given once) to set their password within ${PASSWORD_LINK_DAYS} days`,
        body: openApiBody(userSchema),
      },
    },
    async (request, reply) => {
      const { user, link } = await addUserAsAdmin(
        database,
        currentUser(request),
        request.body,
        services.now(),
      )
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({
          ...userJson(user),
          passwordLink: { url: linkTo(request, link.secret), expiresAt: link.expiresAt.toISOString() },
        })
    },
  )

  app.put(
    '/api/v1/users/:id',
    {
      ...admins,
      schema: {
        tags: ['users'],
        summary: 'Change a user’s name, email, role or team',
        params: idParams,
        body: openApiBody(userSchema),
      },
    },
    async (request) =>
      userJson(await changeUser(database, currentUser(request), userId(request), request.body)),
  )

  for (const [action, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    app.post(
      `/api/v1/users/:id/${action}`,
      {
        ...admins,
        schema: {
          tags: ['users'],
          summary: active
            ? 'Let a deactivated user sign in again'
            : 'Stop a user signing in (their sessions end)',
          params: idParams,
        },
      },
      async (request) =>
        userJson(
          await setUserActive(database, currentUser(request), userId(request), active, services.now()),
        ),
    )
  }

  app.post(
    '/api/v1/users/:id/password-link',
    {
      ...admins,
      schema: {
        tags: ['users'],
        summary: `A link (given once) for the user to set a new password within ${PASSWORD_LINK_DAYS} days; an older link stops working`,
        params: idParams,
      },
    },
    async (request, reply) => {
      const made = await makePasswordLink(database, currentUser(request), userId(request), services.now())
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ url: linkTo(request, made.secret), expiresAt: made.expiresAt.toISOString() })
    },
  )

  app.post(
    '/api/v1/teams',
    {
      ...admins,
      schema: {
        tags: ['users'],
        summary: 'Add a team to the council',
        body: openApiBody(z.object({ name: z.string() })),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addTeamAsAdmin(database, currentUser(request), request.body)),
  )

  // Pages

  app.get('/admin/users', { ...admins, schema: { hide: true } }, async (request, reply) => {
    const admin = currentUser(request)
    return usersPage(reply, admin, (request.query as { done?: string }).done)
  })

  app.post('/admin/teams', { ...admins, schema: { hide: true } }, async (request, reply) => {
    const admin = currentUser(request)
    try {
      await addTeamAsAdmin(database, admin, form(request))
      return reply.redirect('/admin/users?done=team-added', 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      return usersPage(reply.code(422), admin, undefined, { teamName: form(request).name }, error.errors)
    }
  })

  app.get('/admin/users/new', { ...admins, schema: { hide: true } }, async (request, reply) =>
    userForm(reply, currentUser(request), { mode: 'new', values: {} }),
  )

  app.post('/admin/users/new', { ...admins, schema: { hide: true } }, async (request, reply) => {
    const admin = currentUser(request)
    const values = form(request)
    try {
      const { user, link } = await addUserAsAdmin(database, admin, values, services.now())
      return linkPage(reply, user, linkTo(request, link.secret), link.expiresAt, 'added')
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      return userForm(reply.code(422), admin, { mode: 'new', values, errors: error.errors })
    }
  })

  app.get('/admin/users/:id', { ...admins, schema: { hide: true } }, async (request, reply) => {
    const admin = currentUser(request)
    const { user, linkExpiresAt } = await readUser(database, admin, userId(request), services.now())
    return reply.view('identity/views/user.njk', {
      title: user.display_name,
      breadcrumbs: BREADCRUMBS,
      account: { ...userJson(user), roleLabel: ROLE_LABELS[user.role as keyof typeof ROLE_LABELS] },
      linkExpiresAt: linkExpiresAt?.toISOString() ?? null,
      isSelf: user.id === admin.id,
      done: (request.query as { done?: string }).done,
    })
  })

  app.get('/admin/users/:id/edit', { ...admins, schema: { hide: true } }, async (request, reply) => {
    const admin = currentUser(request)
    const { user } = await readUser(database, admin, userId(request), services.now())
    return userForm(reply, admin, {
      mode: 'edit',
      id: user.id,
      values: {
        displayName: user.display_name,
        email: user.email,
        role: user.role,
        teamId: user.team_id ?? '',
      },
    })
  })

  app.post('/admin/users/:id/edit', { ...admins, schema: { hide: true } }, async (request, reply) => {
    const admin = currentUser(request)
    const id = userId(request)
    const values = form(request)
    try {
      await changeUser(database, admin, id, values)
      return reply.redirect(`/admin/users/${id}?done=changed`, 303)
    } catch (error) {
      const refused = formRefusal(error, 'role')
      if (!refused) throw error
      await readUser(database, admin, id, services.now())
      return userForm(reply.code(refused.status), admin, { mode: 'edit', id, values, errors: refused.errors })
    }
  })

  for (const [action, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    app.post(`/admin/users/:id/${action}`, { ...admins, schema: { hide: true } }, async (request, reply) => {
      const admin = currentUser(request)
      const id = userId(request)
      try {
        await setUserActive(database, admin, id, active, services.now())
        return reply.redirect(`/admin/users/${id}?done=${action}d`, 303)
      } catch (error) {
        if (!(error instanceof Problem && error.status === 409)) throw error
        const { user, linkExpiresAt } = await readUser(database, admin, id, services.now())
        return reply.code(409).view('identity/views/user.njk', {
          title: user.display_name,
          breadcrumbs: BREADCRUMBS,
          account: { ...userJson(user), roleLabel: ROLE_LABELS[user.role as keyof typeof ROLE_LABELS] },
          linkExpiresAt: linkExpiresAt?.toISOString() ?? null,
          isSelf: user.id === admin.id,
          errors: [{ field: 'active', message: error.message }],
        })
      }
    })
  }

  app.post(
    '/admin/users/:id/password-link',
    { ...admins, schema: { hide: true } },
    async (request, reply) => {
      const made = await makePasswordLink(database, currentUser(request), userId(request), services.now())
      return linkPage(reply, made.user, linkTo(request, made.secret), made.expiresAt, 'link')
    },
  )

  async function usersPage(
    reply: FastifyReply,
    admin: CurrentUser,
    done?: string,
    values: Record<string, unknown> = {},
    errors?: FieldError[],
  ) {
    const [users, teams] = await Promise.all([
      listUsers(database, admin),
      listTeams(database.db, admin.councilId),
    ])
    return reply.view('identity/views/users.njk', {
      title: 'Users',
      breadcrumbs: [{ text: 'Home', href: '/' }],
      users: users.map((u) => ({
        ...userJson(u),
        roleLabel: ROLE_LABELS[u.role as keyof typeof ROLE_LABELS],
      })),
      teams,
      flash: done === 'team-added' ? 'Team added' : undefined,
      values,
      errors,
    })
  }

  async function userForm(
    reply: FastifyReply,
    admin: CurrentUser,
    page: { mode: 'new' | 'edit'; id?: string; values: Record<string, unknown>; errors?: FieldError[] },
  ) {
    const [teams, providers] = await Promise.all([
      listTeams(database.db, admin.councilId),
      providerNames(database.db, admin.councilId),
    ])
    const { values } = page
    return reply.view('identity/views/user-form.njk', {
      title: page.mode === 'new' ? 'Add a user' : 'Change a user',
      breadcrumbs: page.id
        ? [...BREADCRUMBS, { text: String(values.displayName ?? 'User'), href: `/admin/users/${page.id}` }]
        : BREADCRUMBS,
      ...page,
      roleItems: ROLES.map((role) => ({
        value: role,
        text: ROLE_LABELS[role],
        checked: role === values.role,
      })),
      teamItems: [
        { value: '', text: 'No team' },
        ...teams.map((t) => ({ value: t.id, text: t.name, selected: t.id === values.teamId })),
      ],
      teamRoles: TEAM_ROLES.map((role) => ROLE_LABELS[role].toLowerCase()),
      providerItems: [
        { value: '', text: 'Not a provider user' },
        ...providers.map((p) => ({ value: p.id, text: p.name, selected: p.id === values.providerId })),
      ],
    })
  }

  function linkPage(reply: FastifyReply, user: UserRow, url: string, expiresAt: Date, why: 'added' | 'link') {
    // The page holds the link's secret: kept out of caches and other sites' logs.
    return reply
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .view('identity/views/password-link.njk', {
        title:
          why === 'added'
            ? `${user.display_name} has been added`
            : `A password link for ${user.display_name}`,
        breadcrumbs: BREADCRUMBS,
        account: userJson(user),
        why,
        url,
        expiresAt: expiresAt.toISOString(),
        days: PASSWORD_LINK_DAYS,
      })
  }
}
