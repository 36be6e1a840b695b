// vitest sets NODE_ENV=test in its workers, and every hal the tests start would inherit it: oclif
// then takes its development path (about three times slower start-up), which no user runs.
// The tests run hal as users do.
delete process.env.NODE_ENV
