/** Tests talk to real servers on loopback, so they get more time than jest's 5 s default. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  testTimeout: 20_000,
  reporters: ['default', '<rootDir>/test/helpers/summary-reporter.js'],
};
