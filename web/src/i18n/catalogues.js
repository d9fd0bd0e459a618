/*
 * The message catalogues of both languages, assembled: the groups every area
 * shares (zh-CN.js and en.js here) and each area's own
 * (areas/<area>/zh-CN.js and en.js), merged by top-level key; an area
 * whose texts come with its pages exports `lazyMessages` instead (LAZY,
 * allCatalogues() for the tests, loadAreaTexts() in router.js). Free of Vue
 * and of the browser, so that the unit tests check exactly what the app
 * shows.
 */
import zhCN from './zh-CN.js';
import en from './en.js';
import * as areas from '../areas/index.js';

export const LOCALES = ['zh-CN', 'en'];

/* Where the texts come from: { shared, <area>: ... }, each { 'zh-CN': {...}, en: {...} }. */
export const SOURCES = {
  shared: { 'zh-CN': zhCN, en },
  ...Object.fromEntries(Object.entries(areas).map(([name, area]) => [name, area.messages])),
};

function assemble(locale) {
  return Object.assign({}, ...Object.values(SOURCES).map((source) => source[locale]));
}

export const messages = Object.fromEntries(LOCALES.map((locale) => [locale, assemble(locale)]));

/* The areas whose texts come with their pages (an area's `lazyMessages`:
 * a function that imports them), by name. */
export const LAZY = Object.fromEntries(
  Object.entries(areas).filter(([, area]) => area.lazyMessages).map(([name, area]) => [name, area.lazyMessages]),
);

/* Every area's texts, those that come with their pages too: { sources, messages }, as SOURCES and messages. */
export async function allCatalogues() {
  const sources = { ...SOURCES };
  for (const [name, load] of Object.entries(LAZY)) {
    sources[name] = await load();
  }
  const all = (locale) => Object.assign({}, ...Object.values(sources).map((source) => source[locale]));
  return { sources, messages: Object.fromEntries(LOCALES.map((locale) => [locale, all(locale)])) };
}
