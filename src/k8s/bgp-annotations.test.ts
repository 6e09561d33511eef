import { describe, expect, it } from 'vitest';
import { annotationRouterIdText, virtualRouterAnnotationKey } from './bgp-annotations.js';

describe('v1 virtual-router annotation', () => {
  it('reads router-id among other pairs, with spaces', () => {
    expect(annotationRouterIdText('router-id=10.0.0.1')).toBe('10.0.0.1');
    expect(annotationRouterIdText('local-port=179, router-id = 10.0.0.2')).toBe('10.0.0.2');
  });
  it('has no router ID when absent, empty or 0.0.0.0', () => {
    for (const t of ['', 'local-port=179', 'router-id=', 'router-id=0.0.0.0'])
      expect(annotationRouterIdText(t)).toBe(undefined);
  });
  it('keys the annotation by ASN', () => {
    expect(virtualRouterAnnotationKey(65500)).toBe('cilium.io/bgp-virtual-router.65500');
  });
});
