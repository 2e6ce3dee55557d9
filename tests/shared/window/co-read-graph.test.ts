import { describe, expect, it } from 'vitest';
import { ArticleIds } from '../../../shared/window/article-ids.ts';
import { CoReadGraph, partnerRows } from '../../../shared/window/co-read-graph.ts';

function graphOf(pairs: [string, string, number][]) {
  const ids = new ArticleIds();
  const builder = CoReadGraph.builder(ids.ids, (id) => ids.positionOf(id));
  for (const [a, b, n] of pairs) builder.add(ids.intern(a), ids.intern(b), n);
  return builder.build();
}

const sorted = (entries: Iterable<readonly [string, number]> | undefined) => [...(entries ?? [])].sort(([a], [b]) => (a < b ? -1 : 1));

describe('CoReadGraph', () => {
  it('sums a pair over hours in either order, both directions, and ignores an article paired with itself', () => {
    const graph = graphOf([
      ['a', 'b', 1],
      ['c', 'a', 2],
      ['b', 'a', 3], // the same pair in another hour, the other way round
      ['c', 'c', 5],
    ]);
    expect(sorted(graph.get('a'))).toEqual([['b', 4], ['c', 2]]);
    expect(sorted(graph.get('b'))).toEqual([['a', 4]]);
    expect(sorted(graph.get('c'))).toEqual([['a', 2]]);
    expect(graph.get('unknown')).toBeUndefined();
  });

  it('reads the same whichever order the pairs come in', () => {
    const pairs: [string, string, number][] = Array.from({ length: 200 }, (_, i) => [`x${i % 17}`, `x${(i * 7) % 23}`, 1 + (i % 3)]);
    const forward = graphOf(pairs);
    const backward = graphOf([...pairs].reverse());
    for (let i = 0; i < 23; i++) expect(sorted(backward.get(`x${i}`))).toEqual(sorted(forward.get(`x${i}`)));
  });
});

describe('partnerRows', () => {
  const rowsAsMap = (rows: ReturnType<typeof partnerRows>, ids: string[]) =>
    ids.map((_, i) => sorted(Array.from({ length: rows.offsets[i + 1]! - rows.offsets[i]! }, (_, k) => [ids[rows.partners[rows.offsets[i]! + k]!]!, rows.sessions[rows.offsets[i]! + k]!] as const)));

  it('relabels a graph to the caller articles, dropping partners the caller does not know, like a nested Map would', () => {
    const pairs: [string, string, number][] = [
      ['a', 'b', 2],
      ['a', 'ghost', 9],
      ['b', 'c', 1],
    ];
    const mine = ['c', 'b', 'a', 'lonely'];
    const positions = new Map(mine.map((id, i) => [id, i]));
    const nested = new Map<string, Map<string, number>>();
    for (const [a, b, n] of pairs) {
      for (const [x, y] of [[a, b], [b, a]] as const) {
        if (!nested.has(x)) nested.set(x, new Map());
        nested.get(x)!.set(y, n);
      }
    }
    const fromGraph = rowsAsMap(partnerRows(graphOf(pairs), mine, positions), mine);
    expect(fromGraph).toEqual([[['b', 1]], [['a', 2], ['c', 1]], [['b', 2]], []]);
    expect(rowsAsMap(partnerRows(nested, mine, positions), mine)).toEqual(fromGraph);
  });
});
