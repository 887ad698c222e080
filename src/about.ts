/**
 * About: how ranking works, explained from the weights this build was configured with, and the
 * scores of the current top stories taken apart so a reader can check the arithmetic.
 */
import type { RankedItem } from "./home.ts";
import { pageUrl } from "./routes.ts";
import type { RankWeights } from "./types.ts";

/** One part of the score: its name, weight and what it measures. */
export interface ScorePartView {
  name: string;
  weight: string;
  explanation: string;
}

/** The about page. */
export interface AboutView {
  /** `score = 1 × quality + 1 × heat + 2 × size + 3 × recency`. */
  formula: string;
  parts: ScorePartView[];
  halfLifeLabel: string;
  /** The top stories' scores, part by part (weighted), formatted to two decimals. */
  examples: { headline: string; url: string; quality: string; heat: string; size: string; recency: string; score: string }[];
}

/** Stories whose scores the about page takes apart. */
const EXAMPLES = 5;

/** Builds the about page from the configured weights and the ranked stories (best first). */
export function buildAbout(weights: RankWeights, ranked: readonly RankedItem[]): AboutView {
  const w = (n: number) => formatNumber(n);
  const half = weights.halfLifeDays;
  return {
    formula: `score = ${w(weights.quality)} × quality + ${w(weights.heat)} × heat + ${w(weights.size)} × size + ${w(weights.recency)} × recency`,
    parts: [
      { name: "quality", weight: w(weights.quality), explanation: "the best quality score among its articles, from 0 to 1 (unknown counts as 0.5)" },
      { name: "heat", weight: w(weights.heat), explanation: "the attention its hottest article gets, heat ÷ (heat + 100); unknown heat counts as the average of the known values, never as negative" },
      { name: "size", weight: w(weights.size), explanation: "how widely it is covered, log₂(articles) ÷ (1 + log₂(articles)); 0 for a single article" },
      { name: "recency", weight: w(weights.recency), explanation: `0.5 raised to (age in days ÷ ${w(half)}), the age of its newest article measured from the build time` },
    ],
    halfLifeLabel: half === 1 ? "every day" : `every ${w(half)} days`,
    examples: ranked.slice(0, EXAMPLES).map((item) => {
      const lead = item.story?.lead ?? item.members[0]!;
      const p = item.rank.parts;
      return {
        headline: item.story?.headline ?? lead.title,
        url: item.story ? pageUrl.story(item.story.id) : pageUrl.article(lead.id),
        quality: formatNumber(weights.quality * p.quality, 2),
        heat: formatNumber(weights.heat * p.heat, 2),
        size: formatNumber(weights.size * p.size, 2),
        recency: formatNumber(weights.recency * p.recency, 2),
        score: formatNumber(item.rank.score, 2),
      };
    }),
  };
}

/** `2`, `0.5`, `1.25`; with `digits`, always that many decimals. */
export function formatNumber(n: number, digits?: number): string {
  return digits === undefined ? String(Math.round(n * 1000) / 1000) : n.toFixed(digits);
}
