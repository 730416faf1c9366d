import { render } from 'preact';
import { t } from '../ui/i18n';
import { App } from './app';

document.title = t('optionsTitle');
document.documentElement.lang = t('@@ui_locale').replace('_', '-');
const root = document.getElementById('app');
if (root) render(<App />, root);
