// A small deterministic force layout (Fruchterman–Reingold) for a few hundred states: nodes in the
// same bloc attract a little more, so blocs sit together.

export interface LayoutEdge {
  a: string;
  b: string;
  weight: number;
}

export function forceLayout(
  nodes: readonly string[],
  edges: readonly LayoutEdge[],
  group: (id: string) => number | undefined,
  /** Relative size in [0, 1]: bigger nodes push others further away. */
  mass: (id: string) => number = () => 0,
  iterations = 300,
): Map<string, { x: number; y: number }> {
  const n = nodes.length;
  const pos = new Map<string, { x: number; y: number }>();
  nodes.forEach((id, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, n);
    pos.set(id, { x: Math.cos(angle), y: Math.sin(angle) });
  });
  if (n < 2) return pos;
  const k = Math.sqrt(4 / n);
  let temperature = 0.2;
  for (let it = 0; it < iterations; it++) {
    const disp = new Map(nodes.map((id) => [id, { x: 0, y: 0 }]));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const p = pos.get(nodes[i])!;
        const q = pos.get(nodes[j])!;
        let dx = p.x - q.x;
        let dy = p.y - q.y;
        let d = Math.hypot(dx, dy);
        if (d < 1e-6) {
          dx = 0.01 * (i - j);
          dy = 0.01;
          d = Math.hypot(dx, dy);
        }
        const force = ((k * k) / d) * (1 + 1.5 * (mass(nodes[i]) + mass(nodes[j])));
        const di = disp.get(nodes[i])!;
        const dj = disp.get(nodes[j])!;
        di.x += (dx / d) * force;
        di.y += (dy / d) * force;
        dj.x -= (dx / d) * force;
        dj.y -= (dy / d) * force;
      }
    }
    for (const e of edges) {
      const p = pos.get(e.a);
      const q = pos.get(e.b);
      if (!p || !q) continue;
      const dx = p.x - q.x;
      const dy = p.y - q.y;
      const d = Math.max(1e-6, Math.hypot(dx, dy));
      const same = group(e.a) !== undefined && group(e.a) === group(e.b);
      const force = ((d * d) / k) * (0.3 + 0.7 * Math.min(1, e.weight)) * (same ? 1.5 : 0.6);
      const da = disp.get(e.a)!;
      const db = disp.get(e.b)!;
      da.x -= (dx / d) * force;
      da.y -= (dy / d) * force;
      db.x += (dx / d) * force;
      db.y += (dy / d) * force;
    }
    for (const id of nodes) {
      const p = pos.get(id)!;
      const d = disp.get(id)!;
      // gentle gravity keeps unconnected states on screen
      d.x -= p.x * 0.25;
      d.y -= p.y * 0.25;
      const len = Math.max(1e-6, Math.hypot(d.x, d.y));
      p.x += (d.x / len) * Math.min(len, temperature);
      p.y += (d.y / len) * Math.min(len, temperature);
    }
    temperature = Math.max(0.005, temperature * 0.985);
  }
  return pos;
}
