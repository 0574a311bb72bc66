/**
 * Per-request batching loaders. Each module adds its own by augmenting this interface; the
 * composition root (`src/app/loaders.ts`) builds them all.
 */
export interface Loaders {}
