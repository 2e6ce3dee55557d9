import { createRandom, hashText } from '../../sim/random.ts';
import { sectionWords } from '../../sim/vocabulary.ts';

const STOP_WORDS = new Set(['about', 'after', 'that', 'this', 'with', 'from', 'what', 'when', 'where', 'which', 'shows', 'into']);

const SENTENCES: readonly ((a: string, b: string, c: string) => string)[] = [
  (a, b) => `The questions over ${a} have been building for weeks, and ${b} is now at the centre of them.`,
  (a, b, c) => `People close to the talks said the ${a} plans were "not final", while the ${b} figures pointed to ${c} ahead.`,
  (a) => `Few expected ${a} to move this quickly.`,
  (a, b) => `Analysts warned that the debate on ${a} could spill over into ${b} before the end of the year.`,
  (a, _b, c) => `"We are watching ${a} closely," one official said, adding that ${c} was "a matter of weeks".`,
  (a, b) => `Critics argue that the focus on ${a} leaves ${b} without the attention it needs.`,
  (a, b, c) => `Local reporters describe a mood of cautious hope: ${a}, ${b} and ${c} are all on the agenda.`,
  (a) => `The full picture of ${a} is expected to become clearer over the coming days.`,
  (a, b) => `Earlier reports had suggested that ${a} and ${b} would be handled separately.`,
  (_a, b, c) => `Supporters say the plan on ${b} is overdue; opponents call the ${c} timetable unrealistic.`,
];

/**
 * A few paragraphs of filler for a demo article, made from its title and its section's topic words, the same
 * for the same title. Plain text: the page escapes it like any catalog string.
 */
export function fillerParagraphs(title: string, section: string | undefined, count = 5): string[] {
  const random = createRandom(hashText(title, 7));
  const titleWords = title
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length >= 4 && !STOP_WORDS.has(w));
  const words = [...titleWords, ...sectionWords(section ?? 'news')];
  const pick = () => words[Math.floor(random() * words.length)]!;
  const paragraphs: string[] = [];
  for (let p = 0; p < count; p++) {
    // Templates drawn without replacement, so no paragraph says the same thing twice.
    const pool = [...SENTENCES];
    const sentences: string[] = [];
    const length = 3 + Math.floor(random() * 2);
    for (let s = 0; s < length; s++) {
      const [sentence] = pool.splice(Math.floor(random() * pool.length), 1);
      sentences.push(sentence!(pick(), pick(), pick()));
    }
    paragraphs.push(sentences.join(' '));
  }
  return paragraphs;
}
