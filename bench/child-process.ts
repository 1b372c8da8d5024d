import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import { fileURLToPath } from 'node:url'

const ASCEND = fileURLToPath(new URL('../bin/ascend.js', import.meta.url))

/** Node's flags for the service, as package.json's `start` script gives them (see the README). */
const SERVER_NODE_FLAGS = ['--max-semi-space-size=96']

/** How long a command or a start-up may take before the bench gives up on it. */
const COMMAND_LIMIT_MS = 15 * 60_000
const START_LIMIT_MS = 120_000

/**
 * Runs `ascend <args>` as its own process (as a person would from the shell)
 * and times it from spawn to exit. Its output goes to `logFile`; a failure
 * throws with the end of that log.
 *
 * @example
 * const ms = await timeAscend(['seed', '--size', 'large', '--seed', '1'], env, 'seed.log')
 */
export async function timeAscend(args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<number> {
  const log = fs.openSync(logFile, 'w')
  const started = performance.now()
  const child = spawn(process.execPath, [ASCEND, ...args], { env, stdio: ['ignore', log, log] })
  fs.closeSync(log)
  const timer = setTimeout(() => child.kill('SIGTERM'), COMMAND_LIMIT_MS)
  const code = await exitOf(child)
  clearTimeout(timer)
  const ms = performance.now() - started
  if (code !== 0) throw new Error(`ascend ${args.join(' ')} failed (exit ${code}):\n${tail(logFile)}`)
  return ms
}

export interface RunningServer {
  /** The service's origin, e.g. http://127.0.0.1:41234 */
  origin: string
  /** Milliseconds from spawn to the first 200 from `readyPath`. */
  startMs: number
  pid: number
  stop(): Promise<void>
}

/**
 * Starts `ascend serve <args>` on a free loopback port and waits for the first
 * 200 from `readyPath`: what a person waits for after `npm start`. Output goes
 * to `logFile`, so the service's request log costs the bench's event loop nothing.
 *
 * @example
 * const server = await startServer(['--demo'], env, 'serve.log')
 * console.log(server.startMs)
 * await server.stop()
 */
export async function startServer(
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  readyPath = '/sign-in',
): Promise<RunningServer> {
  const port = await freePort()
  const origin = `http://127.0.0.1:${port}`
  const log = fs.openSync(logFile, 'w')
  const started = performance.now()
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ASCEND, 'serve', ...args], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', log, log],
  })
  fs.closeSync(log)
  const exited = exitOf(child)
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(killer)
    }
  }
  let gaveUp = false
  exited.then(() => {
    gaveUp = true
  })
  while (!gaveUp) {
    if ((await statusOf(`${origin}${readyPath}`)) === 200)
      return { origin, startMs: performance.now() - started, pid: child.pid ?? 0, stop }
    if (performance.now() - started > START_LIMIT_MS) {
      await stop()
      throw new Error(`ascend serve gave no page within ${START_LIMIT_MS / 1000} s:\n${tail(logFile)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`ascend serve stopped before serving a page (exit ${await exited}):\n${tail(logFile)}`)
}

/**
 * A port free on loopback now (the server is given it a moment later).
 *
 * @example
 * const port = await freePort()
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No port')),
      )
    })
  })
}

async function statusOf(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5_000) })
    await response.arrayBuffer()
    return response.status
  } catch {
    return undefined
  }
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode)
    child.once('exit', (code) => resolve(code))
  })
}

/** The last lines of a log, for an error message. */
export function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no output)'
  }
}
