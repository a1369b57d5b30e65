import type { StatePropertyAccessor } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { recordTurn } from '../src/bot/recordTurn';
import type { BotServices, Profile } from '../src/bot/services';
import type { Lang } from '../src/knowledge/types';
import type { Ranked } from '../src/matching/decide';
import { DialogIds } from './ids';

/** "español" / "English": switches the language the patient is answered in, and remembers it. */
export class LanguageDialog extends ComponentDialog {
  constructor(
    private readonly services: BotServices,
    private readonly profile: StatePropertyAccessor<Profile>,
  ) {
    super(DialogIds.language);
    this.addDialog(new WaterfallDialog(DialogIds.languageSteps, [this.switchLanguage.bind(this)]));
    this.initialDialogId = DialogIds.languageSteps;
  }

  private async switchLanguage(step: WaterfallStepContext) {
    const { lang, ranked } = step.options as { lang: Lang; ranked?: Ranked[] };
    const profile = await this.profile.get(step.context, {});
    profile.lang = lang;
    await this.profile.set(step.context, profile);
    await step.context.sendActivity(this.services.t(lang, 'language.switched'));
    await recordTurn(step.context, this.services, { action: 'smalltalk', lang, ranked });
    return step.endDialog();
  }
}
