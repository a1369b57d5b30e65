/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true }],
    // botbuilder as the service loads it: its async methods native (src/runtime/nativeAsync.ts).
    '[\\\\/]node_modules[\\\\/](botbuilder|botframework)[^\\\\/]*[\\\\/]lib[\\\\/].*\\.js$':
      '<rootDir>/test/support/nativeAsyncTransform.js',
  },
  transformIgnorePatterns: [
    '[\\\\/]node_modules[\\\\/](?!(botbuilder|botframework)[^\\\\/]*[\\\\/])',
  ],
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
};
