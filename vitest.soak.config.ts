import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// `npm run soak`: the long reliability runs (tests/soak/*.soak.ts), kept out of `npm test` so the suite stays quick.
// Spread rather than mergeConfig, which would append to `include` instead of replacing it.
export default defineConfig({
  test: {
    ...base.test,
    include: ['tests/soak/**/*.soak.ts'],
    testTimeout: 30 * 60_000,
    hookTimeout: 5 * 60_000,
  },
});
