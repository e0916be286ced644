import { SidecarError, describeError } from '../src/api/errors.js';

describe('error messages for the user', () => {
  it.each([
    [401, 'Sign-in required', true],
    [403, 'Not allowed', false],
    [404, 'Not found', false],
    [0, 'Sharing service unreachable', true],
    [503, 'Sharing service unreachable', true],
    [409, 'Request refused', false],
  ])('HTTP %i → %s', (status, title, retryable) => {
    const message = describeError(new SidecarError(status, 'code', 'server says why'));
    expect(message).toMatchObject({ title, retryable });
    expect(message.detail).not.toBe('');
  });

  it('keeps the server reason for refusals', () => {
    expect(describeError(new SidecarError(403, 'forbidden', 'peer lab-b not in your agreements')).detail).toContain(
      'peer lab-b not in your agreements',
    );
  });

  it('describes unexpected errors too', () => {
    expect(describeError(new Error('boom'))).toEqual({ title: 'Something went wrong', detail: 'boom', retryable: true });
    expect(describeError('odd')).toMatchObject({ detail: 'odd' });
  });
});
