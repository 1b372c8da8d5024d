// The entry of an import's checking thread. ASCEND runs its TypeScript through
// tsx's loader with no build step; a worker thread does not inherit a loader
// registered in code (bin/ascend.js, vitest), so it registers its own.
import { register } from 'tsx/esm/api'

register()
await import('./check-worker-thread.ts')
