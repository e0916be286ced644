import { authorizationSource } from '../src/auth.js';
import { DEFAULT_CONFIG, readConfig } from '../src/config.js';
import { studyInstanceUIDsFromSearch } from '../src/study/studyInstanceUIDs.js';

describe('configuration', () => {
  it('defaults to the same-origin API', () => {
    expect(readConfig({})).toEqual(DEFAULT_CONFIG);
    expect(readConfig(undefined).apiBaseUrl).toBe('/api/v1');
  });

  it('reads the deidShare block', () => {
    expect(readConfig({ deidShare: { apiBaseUrl: '/sidecar/api/v1', token: 'abc', pollIntervalMs: 500 } })).toEqual({
      apiBaseUrl: '/sidecar/api/v1',
      token: 'abc',
      pollIntervalMs: 500,
    });
  });

  it('names what is wrong', () => {
    expect(() => readConfig({ deidShare: 'x' })).toThrow(/must be an object/);
    expect(() => readConfig({ deidShare: { apiBaseURL: '/x' } })).toThrow(/unknown keys: apiBaseURL/);
    expect(() => readConfig({ deidShare: { apiBaseUrl: '' } })).toThrow(/apiBaseUrl/);
    expect(() => readConfig({ deidShare: { token: 42 } })).toThrow(/token/);
    expect(() => readConfig({ deidShare: { pollIntervalMs: 5 } })).toThrow(/pollIntervalMs/);
  });
});

describe('authorization source', () => {
  it("prefers the signed-in user's token, read at each request", () => {
    let header: { Authorization?: string } | undefined = { Authorization: 'Bearer oidc-1' };
    const source = authorizationSource({ getAuthorizationHeader: () => header }, 'configured');
    expect(source()).toBe('Bearer oidc-1');
    header = { Authorization: 'Bearer oidc-2' };
    expect(source()).toBe('Bearer oidc-2');
    header = undefined;
    expect(source()).toBe('Bearer configured');
  });

  it('has no header without user or configured token', () => {
    expect(authorizationSource({ getAuthorizationHeader: () => undefined }, undefined)()).toBeUndefined();
    expect(authorizationSource(undefined, undefined)()).toBeUndefined();
  });
});

describe('studies of the route', () => {
  it('reads StudyInstanceUIDs as OHIF does', () => {
    expect(studyInstanceUIDsFromSearch('?StudyInstanceUIDs=1.2,3.4')).toEqual(['1.2', '3.4']);
    expect(studyInstanceUIDsFromSearch('?StudyInstanceUIDs=1.2&studyInstanceUIDs=3.4&StudyInstanceUIDs=1.2')).toEqual(['1.2', '3.4']);
    expect(studyInstanceUIDsFromSearch('?other=1')).toEqual([]);
  });
});
