import type { OrgSettings } from '../lib/settings';

/**
 * What every control of one org setting is given: the settings as saved, whether the
 * administrator's policy locks that setting, and how to save a change.
 */
export interface SettingProps {
  readonly settings: OrgSettings;
  readonly locked: boolean;
  readonly save: (settings: OrgSettings) => void;
}
