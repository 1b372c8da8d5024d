import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const ASCEND_BIN = fileURLToPath(new URL('../../bin/ascend.js', import.meta.url))

export interface ServerProcess {
  child: ChildProcess
  url: string
  output: () => string
}

/**
 * Starts `ascend serve` as its own process and waits until it prints its URL.
 *
 * @example
 * const server = await startServer({ ASCEND_DATA_DIR: dir })
 */
export function startServer(env: Record<string, string>, args: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [ASCEND_BIN, 'serve', ...args], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start:\n${output}`)), 60_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = output.match(/ASCEND is running at (http:\/\/\S+)/)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve({ child, url: match[1], output: () => output })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`The server exited with ${code}:\n${output}`))
    })
  })
}

/** Runs an `ascend` CLI command to completion. */
export function runCli(
  args: string[],
  env: Record<string, string>,
  stdin = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ASCEND_BIN, ...args], { env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString()
    })
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString()
    })
    child.stdin.end(stdin)
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }))
  })
}

/** Waits for a child process to exit. */
export const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
  })
