/*
 * The message catalogues of both languages, assembled: the groups every area
 * shares (zh-CN.js and en.js here) and each area's own
 * (areas/<area>/zh-CN.js and en.js), merged by top-level key. Free of Vue
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
