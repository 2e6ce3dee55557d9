import { HOUR_MS, hourStart } from '../time.ts';
import { SLOTS_PER_HOUR } from '../window/hour-aggregate.ts';
import type { RankWindow } from '../window/load-window.ts';

/** What an editor's dashboard draws: views per hour, of the site and of its leading articles. */
export interface HourlyViews {
  /** Start of each hour, oldest first; the last is the hour of the run (partial). */
  hours: string[];
  /** Counted views of the whole site, per hour. */
  total: number[];
  /** Per section, per hour (articles without a section are only in `total`). */
  sections: { section: string; views: number[] }[];
  /** The articles with the most views in the last RECENT_HOURS hours, with their views per hour. */
  articles: { articleId: string; title: string; section?: string; views: number[] }[];
}

export const DASHBOARD_HOURS = 48;
/** "Now" for ranking the dashboard's articles: the last few hours. */
const RECENT_HOURS = 6;
const TOP_ARTICLES = 60;

/**
 * Views per hour over the last `hours` hours of a rank window (counted views, as every list counts them), for
 * the site, each section, and the TOP_ARTICLES articles most read in the last RECENT_HOURS hours. Pure.
 */
export function hourlyViews(window: RankWindow, articleOf: (articleId: string) => { title: string; section?: string | undefined } | undefined, hours = DASHBOARD_HOURS): HourlyViews {
  const last = hourStart(window.at);
  const first = last - (hours - 1) * HOUR_MS;
  const starts = Array.from({ length: hours }, (_, i) => first + i * HOUR_MS);
  const total = new Array<number>(hours).fill(0);
  const byArticle = new Map<number, number[]>();
  for (const { start, counts } of window.hours) {
    const h = Math.round((start - first) / HOUR_MS);
    if (h < 0 || h >= hours) continue;
    for (let v = 0; v < counts.viewed.length; v++) {
      let views = 0;
      for (let s = 0; s < SLOTS_PER_HOUR; s++) views += counts.slots[v * SLOTS_PER_HOUR + s]!;
      if (views === 0) continue;
      total[h]! += views;
      const position = counts.viewed[v]!;
      const series = byArticle.get(position) ?? new Array<number>(hours).fill(0);
      series[h]! += views;
      byArticle.set(position, series);
    }
  }
  const sections = new Map<string, number[]>();
  const articles = [...byArticle].map(([position, views]) => {
    const articleId = window.ids.ids[position]!;
    const article = articleOf(articleId);
    const section = article?.section;
    if (section !== undefined) {
      const sum = sections.get(section) ?? new Array<number>(hours).fill(0);
      views.forEach((n, h) => (sum[h]! += n));
      sections.set(section, sum);
    }
    return { articleId, title: article?.title ?? articleId, ...(section === undefined ? {} : { section }), views, recent: views.slice(-RECENT_HOURS).reduce((a, b) => a + b, 0) };
  });
  articles.sort((a, b) => b.recent - a.recent || (a.articleId < b.articleId ? -1 : 1));
  return {
    hours: starts.map((start) => new Date(start).toISOString()),
    total,
    sections: [...sections].sort(([a], [b]) => (a < b ? -1 : 1)).map(([section, views]) => ({ section, views })),
    articles: articles.filter((a) => a.recent > 0).slice(0, TOP_ARTICLES).map(({ recent: _recent, ...rest }) => rest),
  };
}
