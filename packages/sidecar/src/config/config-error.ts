/** A problem in the config file: the message names the file and the field. */
export class ConfigError extends Error {
  constructor(file: string, field: string, problem: string) {
    super(`config ${file}: ${field ? `${field}: ` : ''}${problem}`);
    this.name = 'ConfigError';
  }
}
