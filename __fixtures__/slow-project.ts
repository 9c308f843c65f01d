// Set up for the integration, e2e and package projects (jest.config.js): their tests wait on real servers,
// DuckDB, Chromium and child processes, which on a loaded 2-core machine can take many times their idle time.
// Two minutes is a safety net for a hung test, not a deadline: deadlines that matter are asserted in the tests.
import { jest } from '@jest/globals'

jest.setTimeout(120_000)
