// ESM jest: @actions/core 3 is ESM-only, so tests run as ES modules (see the test:* scripts in package.json).
// Four projects, each run as its own jest invocation so one kind never squeezes another's timing:
// - `unit` (__tests__/*.test.ts): pure tests. No Chromium, DuckDB, emulator or other server, no child process,
//   no real socket (a setup file makes those throw); clocks are FakeClocks. Parallel workers; 10 s a test,
//   which only a hung test reaches.
// - `integration` (__tests__/integration/): the emulators over HTTP, DuckDB, Chromium, child processes.
// - `e2e` (__tests__/e2e/): the bundle as a child process against the emulators, as a runner starts it.
// - `package` (__tests__/package/): npm pack, then the tarball installed and imported.
// jest 29 has one testTimeout for all projects, so the slower projects raise theirs in a setup file.
const base = {
  clearMocks: true,
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  testPathIgnorePatterns: ['/dist/', '/node_modules/', '/lib/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', useESM: true }]
  }
}

/** A project whose tests wait on real servers and processes: a test gets minutes before jest calls it stuck. */
const slow = { ...base, setupFilesAfterEnv: ['<rootDir>/__fixtures__/slow-project.ts'] }

export default {
  testTimeout: 10_000,
  collectCoverageFrom: ['src/**/*.ts', '!src/action/index.ts', '!src/cli/bin.ts'],
  coverageDirectory: './coverage',
  coverageReporters: ['json-summary', 'text-summary'],
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/__fixtures__/unit-project.ts']
    },
    { ...slow, displayName: 'integration', testMatch: ['<rootDir>/__tests__/integration/**/*.test.ts'] },
    { ...slow, displayName: 'e2e', testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts'] },
    { ...slow, displayName: 'package', testMatch: ['<rootDir>/__tests__/package/**/*.test.ts'] }
  ]
}
