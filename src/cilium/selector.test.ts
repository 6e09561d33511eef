import { describe, expect, it } from 'vitest';
import type { K8sLabelSelector } from '../k8s/objects.js';
import { CiliumSemanticsError } from './errors.js';
import { compileSelector, serviceSelectorLabels } from './selector.js';

const labels = { app: 'web', tier: 'front' };

describe('§1.0 label selectors (slim LabelSelectorAsSelector)', () => {
  it.each<[string, K8sLabelSelector | undefined, 'nothing' | 'everything', boolean]>([
    ['nil selector where nil means nothing', undefined, 'nothing', false],
    ['nil selector where nil means everything', undefined, 'everything', true],
    ['present but empty {} matches everything', {}, 'nothing', true],
    ['empty lists match everything', { matchLabels: {}, matchExpressions: [] }, 'nothing', true],
    ['matchLabels all equal', { matchLabels: { app: 'web', tier: 'front' } }, 'nothing', true],
    ['matchLabels one differs', { matchLabels: { app: 'web', tier: 'back' } }, 'nothing', false],
    ['In', { matchExpressions: [{ key: 'app', operator: 'In', values: ['api', 'web'] }] }, 'nothing', true],
    ['In, key absent', { matchExpressions: [{ key: 'x', operator: 'In', values: ['web'] }] }, 'nothing', false],
    [
      'NotIn, value listed',
      { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] },
      'nothing',
      false,
    ],
    [
      'gotcha 2: NotIn with a dummy key matches everything',
      { matchExpressions: [{ key: 'somekey', operator: 'NotIn', values: ['never-used-value'] }] },
      'nothing',
      true,
    ],
    ['Exists', { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, 'nothing', true],
    ['DoesNotExist', { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, 'nothing', false],
    [
      'labels AND expressions',
      { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] },
      'nothing',
      false,
    ],
  ])('%s', (_, selector, nilMeans, expected) => {
    expect(compileSelector(selector, nilMeans).matches(labels)).toBe(expected);
  });

  it.each<[string, K8sLabelSelector]>([
    [
      'gotcha 2 / issue #23280: NotIn with empty values is a conversion error',
      { matchExpressions: [{ key: 'a', operator: 'NotIn', values: [] }] },
    ],
    ['In with empty values', { matchExpressions: [{ key: 'a', operator: 'In' }] }],
    ['Exists with values', { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }],
  ])('%s', (_, selector) => {
    expect(() => compileSelector(selector, 'nothing')).toThrow(CiliumSemanticsError);
    expect(() => compileSelector(selector, 'nothing')).toThrow(
      expect.objectContaining({ code: 'E_CILIUM_SELECTOR_VALUES' }),
    );
  });

  it('§4.3: a Service matches on its labels plus io.kubernetes.service.name/namespace', () => {
    expect(serviceSelectorLabels({ name: 'web', namespace: 'prod', labels: { app: 'x' } })).toEqual({
      app: 'x',
      'io.kubernetes.service.name': 'web',
      'io.kubernetes.service.namespace': 'prod',
    });
  });
});
