// The SDK's logger middleware copies every answer to hand it to the logger (schemaLogFilter: a deep copy that
// masks sensitive members), and does so also when the logger is the NoOpLogger, the only one the gate uses. For a
// LookupEvents page that is a copy of 50 events; over a 100,000-event scan it was 14% of everything allocated.

interface WithStack {
  readonly middlewareStack: { remove(name: string): boolean }
}

/** Removes the logger middleware: the gate gives its clients no logger, so it only made copies. */
export function dropLogCopies(client: WithStack): void {
  client.middlewareStack.remove('loggerMiddleware')
}
