/**
 * The node annotation the v1 BGP control plane reads (`cilium.io/bgp-virtual-router.<asn>: router-id=…,local-port=…`)
 * and BGPv2 ignores: its key and the router ID written in it. Text → data only; what it means is up to the callers.
 */

export const ROUTER_ID_ANNOTATION_PREFIX = 'cilium.io/bgp-virtual-router.';

/** The annotation key for the virtual router of `asn`. */
export function virtualRouterAnnotationKey(asn: number): string {
  return `${ROUTER_ID_ANNOTATION_PREFIX}${asn}`;
}

/** The `router-id=` value of an annotation's text; undefined when absent, empty or 0.0.0.0. */
export function annotationRouterIdText(text: string): string | undefined {
  for (const pair of text.split(',')) {
    const [k, v] = pair.split('=').map((x) => x.trim());
    if (k === 'router-id' && v !== undefined && v !== '' && v !== '0.0.0.0') return v;
  }
  return undefined;
}
