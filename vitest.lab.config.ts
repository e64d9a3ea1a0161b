import { defineConfig } from 'vitest/config';

/**
 * `npm run test:lab`: the lab's integration tests, which start real servers and processes and talk
 * to them over real sockets (the voicemail server with werift audio, ~50 s; rtpengine). They run in
 * their own step of `npm test`, after the unit tests; `vite.config.ts` excludes them from `test:unit`,
 * so every test runs exactly once.
 */
export const LAB_INTEGRATION_TESTS = ['lab/um/server.test.ts', 'lab/media-relay.test.ts'];

export default defineConfig({
  test: {
    include: LAB_INTEGRATION_TESTS,
    environment: 'node',
  },
});
