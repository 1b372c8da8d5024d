import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exited, runCli, type ServerProcess, startServer } from '../support/server-process.ts'

// The embedded database takes no lock of its own: these tests hold ASCEND to
// its promise that only one process opens a data folder, and that a crash
// loses nothing that was acknowledged.
describe('the embedded database under real processes', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascend-durability-'))
  const env = { ASCEND_DATA_DIR: dataDir, DATABASE_URL: '' }
  const password = 'a long enough password'
  let server: ServerProcess | undefined

  beforeAll(async () => {
    expect(
      (await runCli(['council', 'add', '--code', 'CRASH', '--name', 'Crash test council'], env)).code,
    ).toBe(0)
    const user = await runCli(
      [
        'user',
        'add',
        '--council',
        'CRASH',
        '--email',
        'worker@crash.test',
        '--role',
        'practitioner',
        '--password-stdin',
      ],
      env,
      `${password}\n`,
    )
    expect(user.stderr).toBe('')
    expect(user.code).toBe(0)
  }, 120_000)

  afterAll(async () => {
    server?.child.kill('SIGKILL')
    if (server) await exited(server.child)
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('refuses a second process on the folder and says which process holds it', async () => {
    server = await startServer(env)
    // Nothing to warn of at start (Fastify once printed a deprecation warning at every start).
    expect(server.output()).not.toMatch(/warning/i)
    const pid = server.child.pid
    const cli = await runCli(['council', 'add', '--code', 'SECOND', '--name', 'Second'], env)
    expect(cli.code).toBe(1)
    expect(cli.stderr).toContain(`in use by another ASCEND process (pid ${pid}, "ascend serve"`)
    const secondServer = await runCli(['serve'], { ...env, PORT: '0' })
    expect(secondServer.code).toBe(1)
    expect(secondServer.stderr).toContain(`pid ${pid}`)
  }, 120_000)

  it('keeps every acknowledged write when the server is killed with SIGKILL mid-burst', async () => {
    if (!server) throw new Error('no server')
    const token = await signIn(server.url)
    const acknowledged: string[] = []
    let stop = false
    const writer = async (worker: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const response = await fetch(`${server?.url}/api/v1/people`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              givenName: `Burst${worker}`,
              familyName: `Write${i}`,
              dateOfBirth: '1948-03-02',
              confirmNotDuplicate: true,
            }),
          })
          if (response.status === 201) acknowledged.push(((await response.json()) as { id: string }).id)
        } catch {
          return // the server is gone
        }
      }
    }
    const writers = Array.from({ length: 6 }, (_, w) => writer(w))
    const deadline = Date.now() + 60_000
    while (acknowledged.length < 150 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5))
    server.child.kill('SIGKILL')
    stop = true
    await Promise.all(writers)
    await exited(server.child)

    // The dead server's lock is stale: a new server takes it over.
    server = await startServer(env)
    const token2 = await signIn(server.url)
    const missing: string[] = []
    for (const id of acknowledged) {
      const response = await fetch(`${server.url}/api/v1/people/${id}`, {
        headers: { authorization: `Bearer ${token2}` },
      })
      if (response.status !== 200) missing.push(id)
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(150)
    expect(missing).toEqual([])
  }, 180_000)

  async function signIn(url: string): Promise<string> {
    const response = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'worker@crash.test', password }),
    })
    expect(response.status).toBe(201)
    return ((await response.json()) as { token: string }).token
  }
})
