/**
 * Unit tests live beside each package (packages/<name>/test); integration tests live in test/.
 * ts-jest only transpiles (type checking is `tsc -b`, run by `npm test` before jest).
 */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: {
    '^.+\\.tsx?$': [
      'ts-jest',
      {
        useESM: true,
        isolatedModules: true,
        diagnostics: false,
        tsconfig: { module: 'ESNext', moduleResolution: 'Bundler', target: 'ES2022', jsx: 'react-jsx', esModuleInterop: true, isolatedModules: true },
      },
    ],
  },
  moduleNameMapper: {
    // dcmjs's ES build is plain .js in a CommonJS package, which jest 29 cannot load as a module; its UMD build can.
    '^dcmjs$': '<rootDir>/node_modules/dcmjs/build/dcmjs.js',
    '^@deid-share/([a-z-]+)$': '<rootDir>/packages/$1/src/index.ts',
    // Subpath exports name a module at the top of the package's src (@deid-share/state/share-jobs) or a folder (@deid-share/sidecar/auth).
    '^@deid-share/([a-z-]+)/([a-z-]+)$': ['<rootDir>/packages/$1/src/$2.ts', '<rootDir>/packages/$1/src/$2/index.ts'],
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/packages/*/test/**/*.test.ts', '<rootDir>/extensions/*/test/**/*.test.ts', '<rootDir>/modes/*/test/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  testTimeout: 60000,
};
