/** Text helpers shared by name lookups, folder names and the tokenizer. */

/** Letters that Unicode decomposition does not split into base letter + mark. */
const UNDECOMPOSABLE: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const UNDECOMPOSABLE_PATTERN = new RegExp(`[${Object.keys(UNDECOMPOSABLE).join('')}]`, 'g');

/** Lower-cases and removes diacritics: `Café Straße` → `cafe strasse`. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(UNDECOMPOSABLE_PATTERN, (letter) => UNDECOMPOSABLE[letter]);
}

/** Key for comparing names: folded, with runs of whitespace collapsed. */
export function nameKey(name: string): string {
  return foldText(name).replace(/\s+/g, ' ').trim();
}

/** Path separators and what Windows refuses (vaults get synced there too). */
const UNSAFE_IN_FOLDER = /[/\\:*?"<>|]/g;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;
const MAX_NAME_LENGTH = 120;

/**
 * Makes a name safe as (part of) a folder name on Linux, macOS, Windows and
 * S3: unsafe characters become `-`, whitespace collapses, and trailing dots and
 * spaces (which Windows drops silently) go. Long names are cut to 120
 * characters. May return '' when nothing usable is left.
 */
export function sanitizeName(name: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(CONTROL_CHARACTERS, ' ')
    .replace(UNSAFE_IN_FOLDER, '-')
    .replace(/\s+/g, ' ')
    .trim();
  const shortened = Array.from(cleaned).slice(0, MAX_NAME_LENGTH).join('');
  return shortened.replace(/[. ]+$/, '');
}

/** `10-19 Finance`, `11 Banking`, `11.01 Statements`: the vault folder of a node. */
export function folderName(node: { id: string; name: string }): string {
  const name = sanitizeName(node.name);
  return name === '' ? node.id : `${node.id} ${name}`;
}
