import { startDeadline } from '../aws/attempt.js'
import { RateBudgets } from '../aws/budgets.js'
import { OwnRequests } from '../aws/own-requests.js'
import type { Clock } from '../core/clock.js'
import { ANY, coverageOf, SELF, type Covered } from '../core/coverage.js'
import { isoSeconds } from '../core/dates.js'
import { SourceFailure } from '../core/errors.js'
import { findNearMisses } from '../core/near-misses.js'
import { describeRecordError, PageRecordError } from '../core/record.js'
import { slicesOf } from '../core/scope.js'
import { Evaluator, judge } from '../core/tally.js'
import type { Query, RegionStats } from '../core/types.js'
import { sourceFor, type SourceDeps } from '../sources/index.js'
import type { ProgressSink, RecordPage, SourceContext, SourcePlan, TrailSource } from '../sources/source.js'
import type { Plan } from '../sources/lookup-events/types.js'
import { accountSummaries, type AccountCounts } from './account-summary.js'
import {
  accountProgress,
  accountRoles,
  readByAccount,
  resolveAccounts,
  staggerOf,
  type AccountDeps
} from './accounts.js'
import { incompleteOf, unfinishedOf, type TaskFailure } from './incomplete.js'
import type { IdentityEvents, ScanResult } from './result.js'

export type { ProgressSink } from '../sources/source.js'

// The one run: cut the query into slices, let the source plan tasks over them, read every task at once (each
// has its own budget), judge every record of every page here, and say "complete" only where the pages proved
// it. A task that fails makes its part incomplete; the others are still read, so a forbidden event elsewhere is
// still found. The deadline stops everything.

export interface ScanDeps extends SourceDeps, AccountDeps {
  readonly clock: Clock
  readonly random?: () => number
  readonly progress?: ProgressSink
  /** The gate's own request IDs; the client factories record into the same one (default: a new one). */
  readonly own?: OwnRequests
  /** Log a progress line every this many pages of a Region (default 10). */
  readonly progressEvery?: number
  /** Told the plan in words once it is made (default: a `Plan:` progress line). */
  readonly onPlanned?: (strategy: string) => void
}

class Counts {
  readonly regions = new Map<string, RegionStats>()
  /** Per Region, the oldest record reached, for the progress lines. */
  readonly oldest = new Map<string, Date>()
  /** Per named account: its pages and examined events (the credentials' own account is not named). */
  readonly accounts = new Map<string, AccountCounts>()
  pages = 0
  scanned = 0

  account(account: string): AccountCounts | undefined {
    if (account === SELF || account === ANY) return undefined
    let counts = this.accounts.get(account)
    if (counts === undefined) {
      counts = { pages: 0, examined: 0 }
      this.accounts.set(account, counts)
    }
    return counts
  }

  region(region: string): RegionStats {
    let stats = this.regions.get(region)
    if (stats === undefined) {
      stats = { region, pages: 0, scanned: 0, examined: 0, matched: 0, throttled: 0, retries: 0 }
      this.regions.set(region, stats)
    }
    return stats
  }
}

/** Judges one page of `account` into the tally and the counts; a record that cannot be judged fails the task. */
function judgePage(page: RecordPage, tally: Evaluator, counts: Counts, account: string): void {
  const perAccount = counts.account(account)
  // A page handed on in parts (Athena) is counted once; its records in every part.
  counts.scanned += page.records.length
  if (page.fetched) {
    counts.pages += 1
    if (page.region !== undefined) counts.region(page.region).pages += 1
    if (perAccount) perAccount.pages += 1
  }
  try {
    if (page.region !== undefined) {
      const stats = counts.region(page.region)
      const c = tally.addPage(page.records)
      stats.scanned += c.scanned
      stats.examined += c.examined
      stats.matched += c.matched
      if (perAccount) perAccount.examined += c.examined
      return
    }
    // Records of several Regions (an Athena result page): each counted in its own.
    page.records.forEach((record, position) => {
      try {
        const c = tally.addPage([record])
        const stats = counts.region(record.region)
        stats.scanned += 1
        stats.examined += c.examined
        stats.matched += c.matched
      } catch (error) {
        if (error instanceof PageRecordError) throw new PageRecordError(error, position)
        throw error
      }
    })
  } catch (error) {
    if (!(error instanceof PageRecordError)) throw error
    throw new SourceFailure('bad-record', describeRecordError(error, page.where))
  }
}

interface Sink {
  readonly tally: Evaluator
  readonly counts: Counts
  readonly covered: Covered[]
  readonly every: number
}

/** `[eu-west-2] 10 pages, 500 events, 500 matched, 4.6s, reached 2026-11-20T03:41:00Z` every few pages. */
function progressLine(page: RecordPage, sink: Sink, ctx: SourceContext): void {
  if (!page.fetched || page.region === undefined) return
  const stats = sink.counts.region(page.region)
  if (stats.pages % sink.every !== 0) return
  const oldest = sink.counts.oldest.get(page.region)
  const seconds = ((ctx.clock.now() - ctx.startedAt) / 1000).toFixed(1)
  ctx.progress?.info(
    `[${page.region}] ${stats.pages} pages, ${stats.scanned} events, ${stats.matched} matched, ${seconds}s` +
      (oldest ? `, reached ${isoSeconds(oldest)}` : '')
  )
}

/** Reads one task to its end; a failure is returned, never thrown. */
async function readTask<T>(
  source: TrailSource<T>,
  task: T,
  scanCtx: SourceContext,
  sink: Sink
): Promise<TaskFailure | undefined> {
  let oldest: Date | undefined
  const { account } = source.label(task)
  const ctx = { ...scanCtx, progress: accountProgress(scanCtx.progress, account) }
  try {
    for await (const page of source.read(task, ctx)) {
      judgePage(page, sink.tally, sink.counts, account)
      sink.covered.push(...(page.covered ?? []))
      const last = page.records[page.records.length - 1]
      if (last !== undefined && (oldest === undefined || last.time < oldest)) oldest = last.time
      if (last !== undefined && page.region !== undefined) {
        const before = sink.counts.oldest.get(page.region)
        if (before === undefined || last.time < before) sink.counts.oldest.set(page.region, last.time)
      }
      progressLine(page, sink, ctx)
      // Judging is synchronous: give timers (the deadline) their turn between pages, however fast they come.
      await ctx.clock.sleep(0)
    }
    return undefined
  } catch (error) {
    const failure =
      error instanceof SourceFailure
        ? error
        : ctx.signal.aborted && ctx.signal.reason instanceof SourceFailure
          ? ctx.signal.reason
          : new SourceFailure('other', String(error))
    return {
      ...source.label(task),
      code: failure.code,
      reason: failure.reason,
      oldestReached: oldest ? isoSeconds(oldest) : null
    }
  }
}

function identityEventsOf(
  examined: number,
  complete: boolean,
  coverage: ReturnType<typeof coverageOf>
): IdentityEvents {
  if (examined > 0) return 'some'
  return complete && coverage.length > 0 && coverage.every(c => c.identityAll) ? 'none' : 'unknown'
}

/** The whole scan: plan, read every task, judge, and prove what was read. Never throws for AWS failures. */
export async function scan(query: Query, deps: ScanDeps, plan?: Plan): Promise<ScanResult> {
  const clock = deps.clock
  const started = clock.now()
  const controller = new AbortController()
  const deadline = startDeadline(clock, query.timeoutMs, controller, r => new SourceFailure('deadline', r))
  const own = deps.own ?? deps.clientOptions?.own ?? new OwnRequests()
  const budgets = new RateBudgets(query.requestsPerSecond, clock)
  const random = deps.random ?? Math.random
  const roles = accountRoles(deps, { query, clock, random, signal: controller.signal, own })
  // Every client records its answers' request IDs here: the gate's own calls are set aside, never judged. Each
  // named account's clients sign with its own role's credentials.
  const sourceDeps = {
    ...deps,
    clientOptions: {
      ...deps.clientOptions,
      own,
      ...(roles && { credentialsFor: (account: string) => roles.provider(account) })
    },
    ...(plan?.force && { force: plan.force })
  }
  const source = await sourceFor(query, sourceDeps, budgets)
  const counts = new Counts()
  const ctx: SourceContext = {
    query,
    clock,
    random,
    signal: controller.signal,
    progress: deps.progress,
    own,
    startedAt: started,
    onRetry: (region, kind) => {
      const stats = counts.region(region)
      if (kind === 'throttle') stats.throttled += 1
      else stats.retries += 1
    }
  }
  const tally = new Evaluator(query, { idOrdered: source.name === 'athena', own, now: started })
  const accounts = await resolveAccounts(deps, {
    query,
    clock,
    random,
    signal: controller.signal,
    own,
    progress: deps.progress
  })
  const slices = slicesOf(query, query.window, accounts.read)
  const failures: TaskFailure[] = [...accounts.failures]
  const covered: Covered[] = []
  let sourcePlan: SourcePlan<unknown> = { tasks: [], strategy: '', uncovered: [], warnings: [] }
  try {
    // No account to read (the organization could not be listed): nothing to plan, nothing billed.
    if (slices.length > 0) sourcePlan = await source.plan(slices, ctx)
    if (deps.onPlanned) deps.onPlanned(sourcePlan.strategy)
    else deps.progress?.info(`Plan: ${sourcePlan.strategy}`)
    for (const warning of sourcePlan.warnings) deps.progress?.info(`Warning: ${warning}`)
    const sink = { tally, counts, covered, every: deps.progressEvery ?? 10 }
    const outcomes = await readByAccount(sourcePlan.tasks, {
      accountOf: task => source.label(task).account,
      read: task => readTask(source, task, ctx, sink),
      roles,
      max: query.maxConcurrentAccounts ?? sourcePlan.tasks.length,
      signal: controller.signal,
      progress: deps.progress,
      ...(roles && { stagger: staggerOf(query, clock, accounts.read.length, slices.length) })
    })
    failures.push(...outcomes)
  } catch (error) {
    // The plan itself failed (a Glue table we cannot read): nothing was read, every slice is incomplete.
    // Anything else is a defect, not an answer from AWS: the shell fails the step with it.
    if (!(error instanceof SourceFailure)) throw error
    failures.push({ ...source.label(undefined), code: error.code, reason: error.reason, oldestReached: null })
  } finally {
    deadline.abort()
  }
  for (const late of tally.finish()) {
    const stats = counts.region(late.region)
    stats.examined += late.examined
    stats.matched += late.matched
    const perAccount = late.account === undefined ? undefined : counts.account(late.account)
    if (perAccount) perAccount.examined += late.examined
  }
  const coverage = coverageOf(slices, covered, !query.delivery.wait)
  const unfinished = unfinishedOf(failures, sourcePlan.uncovered, coverage)
  const incomplete = incompleteOf(unfinished, counts)
  const events = tally.events()
  const identityEvents = identityEventsOf(tally.examined, incomplete === undefined, coverage)
  return {
    query,
    ...source.details(),
    events,
    scanned: tally.examined,
    pages: counts.pages,
    regions: [...counts.regions.values()].sort((a, b) => a.region.localeCompare(b.region)),
    ...judge(query, events),
    elapsedMs: clock.now() - started,
    incomplete,
    coverage,
    identityEvents,
    noEvents: identityEvents === 'none',
    ownCalls: tally.ownCalls,
    nearMisses: incomplete ? [] : findNearMisses(query.patterns, tally.unmatched.entries()),
    ...(accounts.named && {
      accounts: accountSummaries(query, accounts.read, {
        coverage,
        unfinished,
        counts: counts.accounts,
        events
      })
    })
  }
}
