import { useSettingsList, type Named } from '../api/settings-area-queries.ts';
import type { MessageKey } from '../i18n/en.ts';
import { t } from '../i18n/translate.ts';
import { DateRangeRows } from './date-range-rows.tsx';
import { newNotice, type DateRangeDraft, type NoticeDraft, type PolicyDraft } from './policy-draft.ts';
import { noticeKinds, periodUnits, type SettingGroup, type SettingShape } from './policy-shapes.ts';
import { CheckSetting, ChoiceSetting, Problem, TextSetting } from './setting-fields.tsx';

/** A setting's value as a word; codes without their own words show as they are. */
export function choiceWord(code: string): string {
  const key = `settingsArea.choice.${code}` as MessageKey;
  const word = t(key);
  return word === key ? code.replace(/-/g, ' ') : word;
}

const unitChoices = (): [string, string][] => periodUnits.map((unit) => [unit, choiceWord(unit)]);

interface PolicyFieldsProps {
  groups: SettingGroup[];
  draft: PolicyDraft;
  onChange(draft: PolicyDraft): void;
  problemOf(...fields: string[]): string;
  currency: string;
}

/** Every setting of a policy as a labelled field, the server's objection under each. */
export function PolicyFields({ groups, draft, onChange, problemOf, currency }: PolicyFieldsProps) {
  const set = (key: string) => (value: string | boolean | string[] | NoticeDraft[] | DateRangeDraft[]) => onChange({ ...draft, [key]: value });
  const schedules = useSettingsList<Named>('/policies/fixed-due-date-schedule');
  const text = (key: string) => String(draft[key] ?? '');
  const idOf = (path: string) => `setting-${path.replace(/\./g, '-')}`;

  function periodFields(path: string, label: string, hint?: string, problemField = `settings.${path}`) {
    return (
      <div className="policy-form__pair" key={path}>
        <TextSetting id={`${idOf(path)}-amount`} label={label} value={text(`${path}.amount`)} onValue={set(`${path}.amount`)} problem={problemOf(problemField)} hint={hint} inputMode="numeric" />
        <ChoiceSetting id={`${idOf(path)}-unit`} label={t('settingsArea.unitOf', { label })} value={text(`${path}.unit`)} onValue={set(`${path}.unit`)} choices={unitChoices()} />
      </div>
    );
  }

  function field(shape: SettingShape) {
    const label = t(shape.label);
    const id = idOf(shape.path);
    const problem = problemOf(`settings.${shape.path}`);
    switch (shape.kind) {
      case 'boolean':
        return <CheckSetting key={shape.path} id={id} label={label} checked={Boolean(draft[shape.path])} onChecked={set(shape.path)} />;
      case 'whole':
        return <TextSetting key={shape.path} id={id} label={label} value={text(shape.path)} onValue={set(shape.path)} problem={problem} hint={shape.blankMeans && t('settingsArea.blankMeans', { meaning: t(shape.blankMeans) })} inputMode="numeric" />;
      case 'money':
        return <TextSetting key={shape.path} id={id} label={label} value={text(shape.path)} onValue={set(shape.path)} problem={problem} hint={t('settings.inCurrency', { currency })} inputMode="decimal" />;
      case 'choice':
        return <ChoiceSetting key={shape.path} id={id} label={label} value={text(shape.path)} onValue={set(shape.path)} choices={shape.choices.map((code) => [code, choiceWord(code)])} problem={problem} />;
      case 'codes':
        return <TextSetting key={shape.path} id={id} label={label} value={text(shape.path)} onValue={set(shape.path)} problem={problem} hint={t('settingsArea.blankMeans', { meaning: t(shape.blankMeans) })} />;
      case 'choices': {
        const chosen = (draft[shape.path] as string[] | undefined) ?? [];
        return (
          <fieldset key={shape.path} className="policy-form__choices" aria-describedby={problem ? `${id}-problem` : undefined}>
            <legend>{label}</legend>
            {shape.choices.map((code) => (
              <CheckSetting key={code} id={`${id}-${code}`} label={choiceWord(code)} checked={chosen.includes(code)} onChecked={(on) => set(shape.path)(on ? [...chosen, code] : chosen.filter((other) => other !== code))} />
            ))}
            <Problem id={`${id}-problem`} text={problem} />
          </fieldset>
        );
      }
      case 'period':
        return periodFields(shape.path, label, shape.blankMeans && t('settingsArea.blankMeans', { meaning: t(shape.blankMeans) }));
      case 'loan-period':
        return (
          <div key={shape.path} className="policy-form__loan-period">
            <ChoiceSetting id="setting-loanPeriod-kind" label={t('settingsArea.loan.loanPeriodKind')} value={text('loanPeriod.kind')} onValue={set('loanPeriod.kind')} choices={[['rolling', choiceWord('rolling')], ['fixed', choiceWord('fixed')]]} />
            {text('loanPeriod.kind') === 'fixed' ? (
              <ChoiceSetting
                id="setting-loanPeriod-scheduleCode"
                label={t('settingsArea.loan.scheduleCode')}
                value={text('loanPeriod.scheduleCode')}
                onValue={set('loanPeriod.scheduleCode')}
                choices={scheduleChoices(schedules.data?.items ?? [], text('loanPeriod.scheduleCode'))}
                problem={problemOf('settings.loanPeriod')}
              />
            ) : (
              periodFields('loanPeriod.period', label, undefined, 'settings.loanPeriod')
            )}
          </div>
        );
      case 'date-ranges':
        return <DateRangeRows key={shape.path} ranges={(draft[shape.path] as DateRangeDraft[] | undefined) ?? []} onRanges={set(shape.path)} problemOf={problemOf} />;
      case 'notices':
        return <NoticeRows key={shape.path} notices={(draft[shape.path] as NoticeDraft[] | undefined) ?? []} onNotices={set(shape.path)} problemOf={problemOf} />;
    }
  }

  return (
    <div className="policy-form">
      {groups.map((group) => (
        // A fieldset is as wide as its widest content unless told otherwise: the date ranges table scrolls instead.
        <fieldset key={group.legend} className={group.settings.some((shape) => shape.kind === 'date-ranges') ? 'policy-form__group policy-form__group--dates' : 'policy-form__group'}>
          <legend>{t(group.legend)}</legend>
          {group.settings.map(field)}
        </fieldset>
      ))}
    </div>
  );
}

/** The schedules a fixed loan period may name, by code; a code no schedule has any more stays shown as it is. */
function scheduleChoices(schedules: Named[], chosen: string): [string, string][] {
  const choices: [string, string][] = [['', t('settingsArea.tester.choose')], ...schedules.map((schedule): [string, string] => [schedule.code, `${schedule.name} (${schedule.code})`])];
  return chosen && !schedules.some((schedule) => schedule.code === chosen) ? [...choices, [chosen, chosen]] : choices;
}

function NoticeRows({ notices, onNotices, problemOf }: { notices: NoticeDraft[]; onNotices(notices: NoticeDraft[]): void; problemOf(...fields: string[]): string }) {
  const change = (index: number, part: Partial<NoticeDraft>) => onNotices(notices.map((notice, at) => (at === index ? { ...notice, ...part } : notice)));
  return (
    <div className="notice-rows">
      {notices.length === 0 && <p>{t('settingsArea.notice.none')}</p>}
      {notices.map((notice, index) => {
        const id = `notice-${index}`;
        const number = index + 1;
        return (
          <fieldset key={index} className="notice-rows__row">
            <legend>{t('settingsArea.notice.number', { number })}</legend>
            <ChoiceSetting id={`${id}-kind`} label={t('settingsArea.notice.kind')} value={notice.kind} onValue={(kind) => change(index, { kind })} choices={noticeKinds.map((kind) => [kind, choiceWord(kind)])} />
            <TextSetting id={`${id}-offset`} label={t('settingsArea.notice.offset')} value={notice.offsetAmount} onValue={(offsetAmount) => change(index, { offsetAmount })} problem={problemOf(`settings.notices.${index}.offset`)} hint={t('settingsArea.blankMeans', { meaning: t('settingsArea.notice.atOnce') })} inputMode="numeric" />
            <ChoiceSetting id={`${id}-offset-unit`} label={t('settingsArea.notice.offsetUnit')} value={notice.offsetUnit} onValue={(offsetUnit) => change(index, { offsetUnit })} choices={unitChoices()} />
            <TextSetting id={`${id}-repeat`} label={t('settingsArea.notice.repeatEvery')} value={notice.repeatAmount} onValue={(repeatAmount) => change(index, { repeatAmount })} problem={problemOf(`settings.notices.${index}.repeatEvery`)} hint={t('settingsArea.blankMeans', { meaning: t('settingsArea.notice.once') })} inputMode="numeric" />
            <ChoiceSetting id={`${id}-repeat-unit`} label={t('settingsArea.notice.repeatUnit')} value={notice.repeatUnit} onValue={(repeatUnit) => change(index, { repeatUnit })} choices={unitChoices()} />
            <TextSetting id={`${id}-max`} label={t('settingsArea.notice.maxRepeats')} value={notice.maxRepeats} onValue={(maxRepeats) => change(index, { maxRepeats })} problem={problemOf(`settings.notices.${index}.maxRepeats`)} hint={t('settingsArea.notice.noLimit')} inputMode="numeric" />
            <TextSetting id={`${id}-template`} label={t('settingsArea.notice.templateCode')} value={notice.templateCode} onValue={(templateCode) => change(index, { templateCode })} problem={problemOf(`settings.notices.${index}.templateCode`)} />
            <button type="button" className="button button--quiet" onClick={() => onNotices(notices.filter((_, at) => at !== index))}>
              {t('settingsArea.notice.remove', { number })}
            </button>
          </fieldset>
        );
      })}
      <button type="button" className="button" onClick={() => onNotices([...notices, newNotice])}>
        {t('settingsArea.notice.add')}
      </button>
    </div>
  );
}
