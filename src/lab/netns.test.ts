import { describe, expect, it } from 'vitest';
import { LabErrorCode } from './errors.js';
import { createNamespace, createVethPair } from './netns.js';

// Name checks run before any command, so these need no root.
describe('netns name checks', () => {
  it('refuses namespace names that are not plain words', async () => {
    await expect(createNamespace('../etc')).rejects.toMatchObject({ code: LabErrorCode.badInput });
    await expect(createNamespace('a b')).rejects.toMatchObject({ code: LabErrorCode.badInput });
  });

  it('refuses interface names over 15 characters', async () => {
    await expect(
      createVethPair(
        { namespace: 'x', ifName: 'a-very-long-name0', addresses: [] },
        { namespace: 'y', ifName: 'b', addresses: [] },
      ),
    ).rejects.toMatchObject({ code: LabErrorCode.badInput });
  });
});
