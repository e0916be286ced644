/**
 * Integration and end-to-end suites run against real parts: Orthanc, PostgreSQL, docker-compose, Chromium. Where a part is
 * missing, a suite is skipped outside CI with the reason printed; in CI (CI=true) it fails, naming the part, so a
 * missing part cannot quietly shrink the run.
 */
import { spawnSync } from 'node:child_process';
import { orthancAvailable } from '@deid-share/orthanc-local';
import { postgresAvailable } from '@deid-share/postgres-local';

/** Why a suite cannot run here, or undefined when it can. */
export type MissingPart = string | undefined;

export function orthancMissing(options: { dicomWeb?: boolean } = {}): MissingPart {
  if (orthancAvailable(options)) return undefined;
  return options.dicomWeb ? 'Orthanc with its DICOMweb plugin is not installed (orthanc, orthanc-dicomweb)' : 'Orthanc is not installed (orthanc)';
}

/** PostgreSQL's server binaries (and, as root, the postgres user to run them as). */
export function postgresMissing(): MissingPart {
  return postgresAvailable();
}

export function composeMissing(): MissingPart {
  return spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0 ? undefined : 'docker-compose is not installed';
}

type Suite = (name: string, body: () => void) => void;

/** `describe` when nothing is missing; otherwise a suite skipped with the reason (outside CI) or failing (in CI). */
export function describeWhenPresent(...parts: MissingPart[]): Suite {
  const missing = parts.filter((part): part is string => part !== undefined).join('; ');
  if (missing === '') return describe;
  if (process.env.CI === 'true') {
    return (name) =>
      describe(name, () => {
        it('finds the parts it runs against', () => {
          throw new Error(`${missing}. In CI no suite may skip: tools/install-system-packages.sh installs these parts.`);
        });
      });
  }
  return (name, body) => {
    console.warn(`skipping "${name}": ${missing} (tools/install-system-packages.sh installs it)`);
    describe.skip(name, body);
  };
}
