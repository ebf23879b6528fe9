import { attribute, type Element } from './storage-dom';

/** Confluence's named emoticons (`<ac:emoticon ac:name="tick"/>`) as Unicode. */
const EMOTICONS: Record<string, string> = {
  smile: '🙂',
  sad: '🙁',
  cheeky: '😛',
  laugh: '😀',
  wink: '😉',
  'thumbs-up': '👍',
  'thumbs-down': '👎',
  information: 'ℹ️',
  tick: '✅',
  cross: '❌',
  warning: '⚠️',
  plus: '➕',
  minus: '➖',
  question: '❓',
  'light-on': '💡',
  'light-off': '💡',
  'yellow-star': '⭐',
  'red-star': '⭐',
  'green-star': '⭐',
  'blue-star': '⭐',
  heart: '❤️',
  'broken-heart': '💔',
};

/** Cloud adds the emoji itself as `ac:emoji-fallback`; older content only has the name. */
export function emoticonText(element: Element): string {
  const fallback = attribute(element, 'ac:emoji-fallback');
  if (fallback && !fallback.startsWith(':')) return fallback;
  const name = attribute(element, 'ac:name') ?? '';
  return EMOTICONS[name] ?? fallback ?? (name ? `:${name}:` : '');
}
