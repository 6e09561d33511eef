/**
 * Is a text an FRR configuration (`frr.conf`, `bgpd.conf`, `show running-config`)? Decided by content: a
 * `router bgp <asn>` block, or several lines only FRR writes (`frr version`, `frr defaults`, prefix lists,
 * route-map headers). Pure and cheap.
 */
const FRR_LINE =
  /^(frr (version|defaults)\b|router bgp \d+|ipv6 prefix-list \S+|ip prefix-list \S+|route-map \S+ (permit|deny) \d+|bgp (community-list|large-community-list|as-path access-list)\b|log (syslog|file|stdout)\b|service integrated-vtysh-config|hostname \S+$)/;

export function sniffFrrConfig(text: string): boolean {
  let hits = 0;
  let meaningful = 0;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '' || raw.trim().startsWith('!') || raw.trim().startsWith('#')) continue;
    meaningful++;
    // Only unindented lines start a statement FRR writes at top level.
    if (raw === raw.trimStart() && FRR_LINE.test(raw.trim())) {
      if (/^router bgp \d+/.test(raw.trim())) return true;
      hits++;
    }
    if (meaningful >= 400) break;
  }
  return hits >= 2 && hits * 4 >= Math.min(meaningful, 40);
}
