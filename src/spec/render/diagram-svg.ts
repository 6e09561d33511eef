/**
 * `docs/network.svg`: a diagram in the spirit of the seed's — upstream, the routers, the node segment and the nodes
 * with their PodCIDRs — laid out automatically for any node count (nodes wrap into rows hanging off the segment).
 * Pure string building; deterministic output.
 */
import type { Plan } from '../plan-types.js';

const NODE_W = 196;
const NODE_H = 62;
const NODE_GAP = 16;
const ROUTER_W = 230;
const ROUTER_H = 78;
const MARGIN = 30;
const MAX_PER_ROW = 8;

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function text(x: number, y: number, content: string, cls: string, anchor = 'middle'): string {
  return `<text x="${x}" y="${y}" class="${cls}" text-anchor="${anchor}">${esc(content)}</text>`;
}

function box(x: number, y: number, w: number, h: number, cls: string): string {
  return `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="8" class="${cls}"/>`;
}

function line(x1: number, y1: number, x2: number, y2: number, cls: string): string {
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" class="${cls}"/>`;
}

export function renderDiagramSvg(plan: Plan): string {
  const nodes = plan.nodes;
  const perRow = Math.max(1, Math.min(MAX_PER_ROW, nodes.length));
  const rows = Math.ceil(nodes.length / perRow);
  const nodesWidth = perRow * NODE_W + (perRow - 1) * NODE_GAP;
  const routersWidth = plan.routers.length * ROUTER_W + (plan.routers.length - 1) * 60;
  const legendW = 300;
  const contentW = Math.max(nodesWidth, routersWidth, 520);
  const width = MARGIN * 3 + contentW + legendW;
  const cx = MARGIN + contentW / 2;

  const parts: string[] = [];
  let y = MARGIN;

  // Upstream.
  const upY = y;
  if (plan.upstream !== undefined) {
    const w = 300;
    parts.push(box(cx - w / 2, upY, w, 54, 'upstream'));
    parts.push(text(cx, upY + 22, `${plan.upstream.name ?? 'Upstream'}`, 'title'));
    parts.push(text(cx, upY + 42, `AS${plan.upstream.asn}`, 'mono'));
    y += 54 + 60;
  }

  // Routers.
  const routerY = y;
  const routerStart = cx - routersWidth / 2;
  const routerCenters: number[] = [];
  plan.routers.forEach((r, i) => {
    const x = routerStart + i * (ROUTER_W + 60);
    const rc = x + ROUTER_W / 2;
    routerCenters.push(rc);
    if (plan.upstream !== undefined) {
      parts.push(line(cx, upY + 54, rc, routerY, 'ebgp'));
      const up = r.upstreamNeighbors[0];
      if (up !== undefined)
        parts.push(
          text(
            (cx + rc) / 2 + (rc < cx ? -8 : 8),
            (upY + 54 + routerY) / 2,
            `eBGP ${up.address}`,
            'small',
            rc < cx ? 'end' : 'start',
          ),
        );
    }
    parts.push(box(x, routerY, ROUTER_W, ROUTER_H, 'router'));
    parts.push(text(rc, routerY + 20, r.fqdn ?? r.name, 'title'));
    parts.push(text(rc, routerY + 38, `AS${r.asn} · router-id ${r.routerId}`, 'small'));
    parts.push(
      text(
        rc,
        routerY + 54,
        `${r.nodeInterface.name}${r.nodeInterface.vlan !== undefined ? `.${r.nodeInterface.vlan}` : ''} ${r.nodeInterface.address}`,
        'mono',
      ),
    );
    if (r.loopback !== undefined) parts.push(text(rc, routerY + 70, `lo ${r.loopback.address}`, 'mono'));
  });
  y = routerY + ROUTER_H + 50;

  // Node segment (bus).
  const busY = y;
  const busX1 = cx - nodesWidth / 2 - 10;
  const busX2 = cx + nodesWidth / 2 + 10;
  const bx1 = Math.min(busX1, routerStart);
  const bx2 = Math.max(busX2, routerStart + routersWidth);
  for (const rc of routerCenters) parts.push(line(rc, routerY + ROUTER_H, rc, busY, 'link'));
  parts.push(line(bx1, busY, bx2, busY, 'bus'));
  const seg = plan.nodeNetwork;
  const segLabel = `node network${seg?.vlan !== undefined ? ` VLAN ${seg.vlan}` : ''} ${seg?.prefix.toString() ?? ''}`;
  parts.push(text(bx1, busY - 8, segLabel, 'small', 'start'));
  const auth = plan.bgp.authSecretRef !== undefined ? 'MD5' : 'no auth';
  parts.push(
    text(
      bx2,
      busY - 8,
      `eBGP AS${plan.clusterAsn} ⇄ ${[...new Set(plan.routers.map((r) => `AS${r.asn}`))].join('/')} · every node ↔ every router · ${auth} · hold ${plan.bgp.timers.holdTimeSec}s`,
      'small',
      'end',
    ),
  );
  y = busY + 40;

  // Nodes, wrapped into rows, each row hanging off its own drop line.
  const nodeStart = cx - nodesWidth / 2;
  for (let row = 0; row < rows; row++) {
    const rowY = y + row * (NODE_H + 40);
    const rowNodes = nodes.slice(row * perRow, (row + 1) * perRow);
    const rowBusY = rowY - 14;
    if (row > 0) parts.push(line(busX1, rowBusY, busX2, rowBusY, 'subbus'));
    rowNodes.forEach((n, i) => {
      const x = nodeStart + i * (NODE_W + NODE_GAP);
      const nc = x + NODE_W / 2;
      parts.push(line(nc, row === 0 ? busY : rowBusY, nc, rowY, 'link'));
      parts.push(box(x, rowY, NODE_W, NODE_H, n.role === 'control-plane' ? 'cp' : 'worker'));
      parts.push(text(nc, rowY + 17, `${n.name}${n.role === 'control-plane' ? ' (cp)' : ''}`, 'title'));
      parts.push(text(nc, rowY + 34, n.address.toString(), 'mono'));
      parts.push(text(nc, rowY + 50, `pods ${n.podCidr?.toString() ?? '—'}`, 'mono'));
    });
  }
  if (rows > 1) parts.push(line(busX1, busY, busX1, y + (rows - 1) * (NODE_H + 40) - 14, 'subbus'));
  const height = y + rows * (NODE_H + 40) + MARGIN;

  // Legend: the prefixes.
  const lx = MARGIN * 2 + contentW;
  let ly = MARGIN;
  const legend: [string, string][] = [
    ['Aggregate', plan.aggregate.toString()],
    ...plan.entries.map((e): [string, string] => [e.name, e.prefix.toString()]),
  ];
  parts.push(box(lx, ly, legendW, 50 + legend.length * 34, 'legend'));
  parts.push(text(lx + 14, ly + 22, `${plan.spec.name} address plan`, 'title', 'start'));
  ly += 44;
  for (const [name, prefix] of legend) {
    parts.push(text(lx + 14, ly, name, 'small', 'start'));
    parts.push(text(lx + 14, ly + 15, prefix, 'mono', 'start'));
    ly += 34;
  }

  const style = [
    'text{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;fill:#1f2933}',
    '.title{font-size:13px;font-weight:600}',
    '.small{font-size:11px;fill:#3e4c59}',
    '.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:10.5px}',
    '.upstream{fill:#fef3c7;stroke:#b45309;stroke-width:1.5}',
    '.router{fill:#dbeafe;stroke:#1d4ed8;stroke-width:1.5}',
    '.cp{fill:#ede9fe;stroke:#6d28d9;stroke-width:1.2}',
    '.worker{fill:#dcfce7;stroke:#15803d;stroke-width:1.2}',
    '.legend{fill:#f8fafc;stroke:#94a3b8}',
    '.bus{stroke:#0f172a;stroke-width:4}',
    '.subbus{stroke:#0f172a;stroke-width:2}',
    '.link{stroke:#475569;stroke-width:1.5}',
    '.ebgp{stroke:#b45309;stroke-width:1.5;stroke-dasharray:6 4}',
  ].join('');
  const w = Math.ceil(width);
  const h = Math.ceil(height);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(`${plan.spec.name} network diagram`)}">`,
    `<title>${esc(`${plan.spec.name}: IPv6-only Kubernetes network`)}</title>`,
    `<style>${style}</style>`,
    `<rect width="${w}" height="${h}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
