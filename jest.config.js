// ESM jest: @actions/core 3 is ESM-only, so tests run as ES modules (see "test" in package.json).
// Three projects, run as separate jest invocations (see the test:* scripts): `unit` runs in parallel workers;
// `e2e` (the bundle as a child process against emulators, with deadlines and pacing) and `package` (npm pack and
// install) run on their own afterwards, so CPU-heavy unit transforms never squeeze their timing margins.
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

export default {
  // Real servers (the emulators, DuckDB) share a loaded CPU with the other workers: a test that waits for one
  // gets 30 s before jest calls it stuck. Deadlines that matter are asserted inside the tests.
  testTimeout: 30_000,
  collectCoverageFrom: ['src/**/*.ts', '!src/action/index.ts', '!src/cli/bin.ts'],
  coverageDirectory: './coverage',
  coverageReporters: ['json-summary', 'text-summary'],
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: [
        ...base.testPathIgnorePatterns,
        '<rootDir>/__tests__/e2e/',
        '<rootDir>/__tests__/package/'
      ]
    },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts'] },
    { ...base, displayName: 'package', testMatch: ['<rootDir>/__tests__/package/**/*.test.ts'] }
  ]
}
