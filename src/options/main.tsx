import { render } from 'preact';
import { t } from '../ui/i18n';
import { App } from './app';

document.title = t('optionsTitle');
// The language of the catalog Chrome picked, not the browser's: a browser asking for a language
// this extension does not ship gets English, and the page must say so.
document.documentElement.lang = t('catalogLanguage');
const root = document.getElementById('app');
if (root) render(<App />, root);
