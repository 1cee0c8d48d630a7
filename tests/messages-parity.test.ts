// Every language has every English text, with the same ICU arguments: a missing key would show the key's path to a
// reader, and a renamed argument would show "{amount}" instead of the amount. Reads the files directly (the app's
// messages/<locale>.json and each gateway folder's messages/<locale>.json), so the check also covers a file that
// nothing imports yet.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '@/core/locales';

type Tree = { [key: string]: string | Tree };

const root = path.resolve(__dirname, '..');
const gatewayFolders = readdirSync(path.join(root, 'lib/gateways'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(root, 'lib/gateways', entry.name, 'messages/en.json')))
  .map((entry) => path.join(root, 'lib/gateways', entry.name, 'messages'));

function readTree(file: string): Tree {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Tree) : {};
}

function flatten(tree: Tree, prefix: string, into: Map<string, string>): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') into.set(`${prefix}${key}`, value);
    else flatten(value, `${prefix}${key}.`, into);
  }
  return into;
}

/** Every text of one language, app and gateways, keyed by its dotted path. */
function textsOf(locale: string): Map<string, string> {
  const texts = flatten(readTree(path.join(root, 'messages', `${locale}.json`)), '', new Map());
  for (const folder of gatewayFolders) flatten(readTree(path.join(folder, `${locale}.json`)), '', texts);
  return texts;
}

/** The arguments a message uses, each with its kind ("amount:argument", "count:plural", "link:tag"). */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    switch (element.type) {
      case TYPE.argument:
        into.add(`${element.value}:argument`);
        break;
      case TYPE.number:
      case TYPE.date:
      case TYPE.time:
        into.add(`${element.value}:${TYPE[element.type]}`);
        break;
      case TYPE.plural:
      case TYPE.select:
        into.add(`${element.value}:${TYPE[element.type]}`);
        for (const option of Object.values(element.options)) argumentsOf(option.value, into);
        break;
      case TYPE.tag:
        into.add(`${element.value}:tag`);
        argumentsOf(element.children, into);
        break;
      default:
        break;
    }
  }
  return into;
}

const english = textsOf('en');

describe('message files', () => {
  it('English parses as ICU', () => {
    for (const [key, text] of english) expect(() => parse(text), key).not.toThrow();
  });

  for (const locale of LOCALES.filter((code) => code !== 'en')) {
    describe(locale, () => {
      const texts = textsOf(locale);

      it('has every English key and no other', () => {
        const missing = [...english.keys()].filter((key) => !texts.has(key));
        const extra = [...texts.keys()].filter((key) => !english.has(key));
        expect(missing, `${locale} lacks these keys of English`).toEqual([]);
        expect(extra, `${locale} has keys English does not`).toEqual([]);
      });

      it("uses each message's ICU arguments as English does, with the language's plural forms", () => {
        const categories = new Set<string>(new Intl.PluralRules(locale).resolvedOptions().pluralCategories);
        const differing: string[] = [];
        for (const [key, englishText] of english) {
          const text = texts.get(key);
          if (text === undefined) continue;
          let elements: MessageFormatElement[];
          try {
            elements = parse(text);
          } catch (error) {
            differing.push(`${key}: does not parse (${(error as Error).message})`);
            continue;
          }
          const want = [...argumentsOf(parse(englishText))].sort();
          const got = [...argumentsOf(elements)].sort();
          if (want.join() !== got.join()) differing.push(`${key}: ${got.join(', ') || 'none'} instead of ${want.join(', ') || 'none'}`);
          for (const unknown of pluralFormsOutside(elements, categories)) differing.push(`${key}: plural form "${unknown}" does not exist in ${locale}`);
        }
        expect(differing).toEqual([]);
      });
    });
  }
});

/** Plural branches a language does not have (`=0` style exact matches are always allowed; `other` is required). */
function pluralFormsOutside(elements: MessageFormatElement[], categories: Set<string>): string[] {
  const wrong: string[] = [];
  for (const element of elements) {
    if (element.type === TYPE.plural) {
      for (const [form, option] of Object.entries(element.options)) {
        if (!form.startsWith('=') && !categories.has(form)) wrong.push(form);
        wrong.push(...pluralFormsOutside(option.value, categories));
      }
      if (!('other' in element.options)) wrong.push('(missing other)');
    } else if (element.type === TYPE.select) {
      for (const option of Object.values(element.options)) wrong.push(...pluralFormsOutside(option.value, categories));
    } else if (element.type === TYPE.tag) {
      wrong.push(...pluralFormsOutside(element.children, categories));
    }
  }
  return wrong;
}
