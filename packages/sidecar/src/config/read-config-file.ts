import { readFileSync } from 'node:fs';

import { Ajv, type ErrorObject } from 'ajv';

import { ConfigError } from './config-error.js';
import type { RawConfig } from './raw-config.js';
import { CONFIG_SCHEMA } from './schema.js';

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(CONFIG_SCHEMA);

/** The file's JSON; a file that cannot be read or parsed is a ConfigError naming it. */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, '', `cannot be read: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, '', `is not valid JSON: ${(error as Error).message}`);
  }
}

/** The data checked against the config schema; every problem is named by its field, the first one first. */
export function validatedConfig(data: unknown, file: string): RawConfig {
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map(describe);
    const [first, ...rest] = problems;
    if (!first) throw new ConfigError(file, '', 'does not match the config schema');
    const more = rest.length ? ` (and ${rest.map((p) => `${p.field}: ${p.problem}`).join('; ')})` : '';
    throw new ConfigError(file, first.field, `${first.problem}${more}`);
  }
  return data as unknown as RawConfig;
}

/** `/peers/0/url` → `peers[0].url` */
function fieldOf(path: string): string {
  return path
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((field, part) => (/^\d+$/.test(part) ? `${field}[${part}]` : field ? `${field}.${part}` : part), '');
}

function describe(error: ErrorObject): { field: string; problem: string } {
  const field = fieldOf(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const inline = /password|secret|token/i.test(name) && !/File$|Env$/.test(name);
      return {
        field: field ? `${field}.${name}` : name,
        problem: inline
          ? 'secrets are never written in the config file: use passwordFile or passwordEnv (credentials), a secret file, or a sha256 (tokens)'
          : 'unknown field',
      };
    }
    case 'required':
      return { field: field ? `${field}.${String(params.missingProperty)}` : String(params.missingProperty), problem: 'is required' };
    default:
      return { field, problem: error.message ?? error.keyword };
  }
}
