#!/usr/bin/env node
// The `ascend` command. It runs the sources as `npm install` compiled them
// when they have not changed since (scripts/compiled-sources.js), and
// otherwise the TypeScript itself through tsx's loader, so there is no build
// step between an edit and `npm start`. The bench's code is TypeScript outside
// src/, so the bench runs the TypeScript, and a server it starts with bare
// routes registers tsx for them while running as `npm start` does.
import { compiledModule } from '../scripts/compiled-sources.js'

const compiled = process.argv[2] === 'bench' ? undefined : compiledModule('cli/main.ts')
if (!compiled || process.env.ASCEND_BENCH_BARE_ROUTES === '1') (await import('tsx/esm/api')).register()
const { main } = await import(compiled ?? '../src/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
