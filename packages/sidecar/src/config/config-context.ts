import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';

import { ConfigError } from './config-error.js';
import type { PasswordSource } from './state-location.js';

/** What every part of the config needs while it is read: where paths start, how to fail, where secrets come from. */
export interface ConfigContext {
  readonly env: NodeJS.ProcessEnv;
  /** A path from the file: relative paths are relative to the config file. */
  path(value: string): string;
  /** Throws a ConfigError naming the file and the field. */
  fail(field: string, problem: string): never;
  /** A password from its file or its environment variable: exactly one of them, never the config file itself. */
  secret(source: PasswordSource, field: string): string;
}

export function configContext(file: string, env: NodeJS.ProcessEnv): ConfigContext {
  const base = dirname(resolve(file));
  const path = (value: string) => (isAbsolute(value) ? value : resolve(base, value));
  const fail = (field: string, problem: string): never => {
    throw new ConfigError(file, field, problem);
  };
  const secret = (source: PasswordSource, field: string): string => {
    if ((source.passwordFile === undefined) === (source.passwordEnv === undefined)) {
      fail(field, 'give exactly one of passwordFile or passwordEnv (the password itself never goes in the config file)');
    }
    if (source.passwordFile !== undefined) {
      try {
        const password = readFileSync(path(source.passwordFile), 'utf8').replace(/\r?\n$/, '');
        if (!password) fail(`${field}.passwordFile`, `${source.passwordFile} is empty`);
        return password;
      } catch (error) {
        if (error instanceof ConfigError) throw error;
        return fail(`${field}.passwordFile`, `cannot read ${source.passwordFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    }
    const password = env[source.passwordEnv ?? ''];
    if (!password) fail(`${field}.passwordEnv`, `environment variable ${source.passwordEnv} is not set`);
    return password as string;
  };
  return { env, path, fail, secret };
}
