/**
 * Synthetic seeds for benchmarks: a deterministic generator of realistic seed files.
 *
 * Articles come in stories (one event, 1–12 articles from different providers within days,
 * citing each other and a shared pool of outside articles), stories in subjects that recur
 * over months. Text mixes plain words with é, ü, ’, “ ”, emoji and a little mojibake, 15 % of
 * dates carry an offset, 30 % of seeds are unpublished. Same (count, seed) → same files.
 */

/** One generated seed file. */
export interface SyntheticSeed {
  name: string;
  text: string;
}

const WORDS = `police facial recognition technology ban council court ruling policy privacy surveillance data software model
research study startup company market investors funding launch release update users platform network security breach
attack ransomware cloud chip factory battery electric vehicle grid energy solar climate satellite rocket mission quantum
computer robot drone election vote senate bill law lawsuit settlement merger acquisition deal earnings revenue outage
storm flood wildfire vaccine hospital school university museum festival stadium café über naïve résumé déjà`.split(/\s+/);
const TOPICS = ["AI", "Computer Vision", "Security", "Cloud", "Privacy", "Energy", "Space", "Health", "Policy", "Markets", "Robotics", "Gaming", "Climate", "Mobile", "Chips", "Startups"];
const PROVIDERS = Array.from({ length: 240 }, (_, i) => ({ name: `Daily ${cap(WORDS[i % WORDS.length]!)} ${i}`, domain: `news${i}.example.com` }));
const EXTRAS = ["’s", "“quoted”", "🚀", "— update", "Baltimoreâ€™s", "& more"];

function cap(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** sfc32 seeded by splitmix32: fast, deterministic, good enough for test data. */
export function createRandom(seed: number): () => number {
  let s = seed >>> 0;
  const mix = () => {
    s = (s + 0x9e3779b9) | 0;
    let t = s ^ (s >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
  let [a, b, c, d] = [mix(), mix(), mix(), mix()];
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = ((c << 21) | (c >>> 11)) + t;
    return (t >>> 0) / 4294967296;
  };
}

/** Generates `count` seed files, deterministically for a given `seed`. */
export function generateSeeds(count: number, seed = 1): SyntheticSeed[] {
  const random = createRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const hex = () => Array.from({ length: 16 }, () => "0123456789abcdef"[int(0, 15)]).join("");
  const phrase = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(" ");
  const start = Date.UTC(2019, 0, 1);
  const span = Date.UTC(2023, 11, 31) - start;
  const seeds: SyntheticSeed[] = [];
  let storyIndex = 0;
  while (seeds.length < count) {
    const subject = phrase(3);
    const size = Math.min(count - seeds.length, random() < 0.55 ? 1 : int(2, 12));
    const day = start + Math.floor(random() * span);
    const topics = [pick(TOPICS), ...(random() < 0.5 ? [pick(TOPICS)] : [])];
    const pool = Array.from({ length: 3 }, (_, i) => `https://outside${int(0, 99)}.example.org/${storyIndex}/${i}`);
    const members = Array.from({ length: size }, (_, i) => ({ id: hex(), time: day + int(0, 4 * 86_400) * 1000 + i * 60_000, url: `https://${pick(PROVIDERS).domain}/${storyIndex}-${i}/${subject.replace(/\W+/g, "-")}` }));
    for (const member of members) {
      const provider = PROVIDERS.find((p) => member.url.includes(p.domain))!;
      const related = [...members.filter((m) => m !== member && random() < 0.5).map((m) => m.url), ...pool.filter(() => random() < 0.4)];
      seeds.push({ name: `${String(seeds.length).padStart(6, "0")}_${member.id}.txt`, text: seedText({ subject, member, provider, related, topics, random, int, pick, phrase }) });
    }
    storyIndex++;
  }
  return seeds;
}

interface SeedContext {
  subject: string;
  member: { id: string; time: number; url: string };
  provider: { name: string; domain: string };
  related: string[];
  topics: string[];
  random: () => number;
  int: (lo: number, hi: number) => number;
  pick: <T>(list: readonly T[]) => T;
  phrase: (n: number) => string;
}

function seedText(c: SeedContext): string {
  const title = `${cap(c.subject)} ${c.phrase(c.int(3, 8))}${c.random() < 0.2 ? ` ${c.pick(EXTRAS)}` : ""}`;
  const excerpt = `${cap(c.phrase(c.int(20, 45)))} ${c.subject}.`;
  const offset = c.random() < 0.15 ? c.pick(["+05:30", "-04:00", "+02:00"]) : "Z";
  const shift = offset === "Z" ? 0 : (offset.startsWith("+") ? 1 : -1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4))) * 60_000;
  const date = new Date(c.member.time + shift).toISOString().slice(0, 19) + offset;
  const heat = c.random() < 0.6 ? -1 : Math.floor(c.random() ** 2 * 600);
  const lines = [
    "---", "category: news", `title: ${JSON.stringify(title)}`, `excerpt: ${JSON.stringify(excerpt)}`, `publishedDateTime: ${date}`,
    `originalUrl: ${JSON.stringify(c.member.url)}`, `webUrl: ${JSON.stringify(c.member.url)}`, "type: article",
    `quality: ${c.int(0, 100)}`, `heat: ${heat}`, `published: ${c.random() < 0.7}`, "",
    "provider:", `  name: ${c.provider.name}`, `  domain: ${c.provider.domain}`, "", "topics:", ...c.topics.map((t) => `  - ${t}`), "",
  ];
  if (c.random() < 0.8) lines.push("images:", `  - url: "https://img.example.com/${c.member.id}.jpg"`, "    width: 1200", "    height: 630", "    isCached: true", "");
  if (c.related.length > 0) lines.push("related:", ...c.related.flatMap((url) => relatedItem(c, url)), "");
  lines.push(`secured: "${Array.from({ length: 40 }, () => c.pick(["Zm9v", "YmFy", "cXV4", "+/=="])).join("")}"`, "---", "");
  return lines.join("\n");
}

function relatedItem(c: SeedContext, url: string): string[] {
  return [
    `  - title: ${JSON.stringify(`${cap(c.subject)} ${c.phrase(c.int(3, 7))}`)}`,
    `    excerpt: ${JSON.stringify(cap(c.phrase(c.int(12, 30))))}`,
    `    publishedDateTime: ${new Date(c.member.time - c.int(0, 3 * 86_400) * 1000).toISOString().slice(0, 19)}Z`,
    `    webUrl: ${JSON.stringify(url)}`,
    "    type: article",
    "    provider:", `      name: Outside ${c.int(1, 50)}`, `      domain: ${new URL(url).hostname}`,
    `    quality: ${c.int(0, 100)}`,
  ];
}
