import {
  AutoSaveStateMiddleware,
  ConversationState,
  MemoryStorage,
  UserState,
  type Activity,
  type Middleware,
} from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { MainDialog } from '../../dialogs/MainDialog';
import { assembleBot, type Assembled } from '../../src/core/assemble';
import { InProcessConversation } from '../../src/bot/inProcess';
import type { BotServices, ConversationContext, Profile } from '../../src/bot/services';
import { loadConfig } from '../../src/config';
import { InMemoryConversationStore } from '../../src/storage/memory';
import type { Escalation } from '../../src/storage/types';

type Channel = 'webchat' | 'sms';
/** What the patient says, and a piece of what the bot answers. */
type Step = [says: string, replyContains: string];
type Expected = Pick<Escalation, 'reason' | 'priority'>;

const CLINIC = 'Lakeside Heart Clinic';
let app: Assembled;

beforeAll(async () => {
  app = await assembleBot(loadConfig({ CLINIC_NAME: CLINIC }));
});

/** A new patient talking to MainDialog, with state and a store of their own. */
function newPatient(
  channel: Channel,
  store = new InMemoryConversationStore(),
  extra: Middleware[] = [],
) {
  const storage = new MemoryStorage();
  const userState = new UserState(storage);
  const conversationState = new ConversationState(storage);
  const services: BotServices = { ...app.services, store };
  const dialog = new MainDialog(
    services,
    userState.createProperty<Profile>('profile'),
    conversationState.createProperty<ConversationContext>('context'),
  );
  const client = new DialogTestClient(
    channel,
    dialog,
    undefined,
    [new AutoSaveStateMiddleware(userState, conversationState), ...extra],
    conversationState,
  );
  return { client, store };
}

/** Everything the bot said in the turn, with the choices it offered as "[title]". */
async function say(client: DialogTestClient, text: string): Promise<string> {
  const lines: string[] = [];
  let reply: Partial<Activity> | undefined = await client.sendActivity(text);
  while (reply) {
    if (reply.type === 'message') {
      const choices = (reply.suggestedActions?.actions ?? []).map((a) => `[${a.title}]`);
      lines.push([reply.text ?? '', ...choices].join('\n'));
    }
    reply = client.getNextReply();
  }
  return lines.join('\n');
}

async function run(channel: Channel, steps: Step[]) {
  const patient = newPatient(channel);
  for (const [says, replyContains] of steps) {
    expect({ says, reply: await say(patient.client, says) }).toEqual({
      says,
      reply: expect.stringContaining(replyContains),
    });
  }
  return patient.store;
}

const oneTurn: [name: string, channel: Channel, step: Step, escalation: Expected | null][] = [
  [
    'an answer in English',
    'webchat',
    ['how long does the procedure take', 'variable: it is different for each patient'],
    null,
  ],
  [
    'an answer in Spanish',
    'webchat',
    ['¿cuánto dura el procedimiento?', 'es diferente para cada paciente'],
    null,
  ],
  [
    'an answer by SMS, in its short form',
    'sms',
    ['hw do i prep 4 it', "To prepare, follow the clinic's Pre Procedure Instructions"],
    null,
  ],
  [
    'an emergency',
    'sms',
    ['my dad has chest pian', 'Call 911 now'],
    { reason: 'emergency', priority: 'urgent' },
  ],
  [
    'an emergency in Spanish',
    'sms',
    ['tengo dolor de pecho', 'Llame al 911 ahora'],
    { reason: 'emergency', priority: 'urgent' },
  ],
  [
    'an emergency in Spanish, typed fast',
    'sms',
    ['me desmaye', 'Llame al 911 ahora'],
    { reason: 'emergency', priority: 'urgent' },
  ],
  [
    'a crisis',
    'webchat',
    ['I want to kill myself', 'call or text 988'],
    { reason: 'crisis', priority: 'urgent' },
  ],
  [
    'a crisis in Spanish',
    'sms',
    ['quiero morirme', 'envíe un mensaje al 988'],
    { reason: 'crisis', priority: 'urgent' },
  ],
  [
    'a question about their own medicine',
    'webchat',
    ['should i stop my blood thinner', 'a question about your own care'],
    { reason: 'personal', priority: 'normal' },
  ],
  [
    'a question about their own results, in Spanish',
    'sms',
    ['ya salieron mis resultados?', 'una pregunta sobre su propio cuidado'],
    { reason: 'personal', priority: 'normal' },
  ],
  [
    'asking for a person',
    'webchat',
    ['talk to a person', 'asked a member of our staff to join'],
    { reason: 'human', priority: 'normal' },
  ],
  [
    'asking for a person, in Spanish',
    'sms',
    ['quiero hablar con una persona', 'Pedí a una persona de nuestro personal'],
    { reason: 'human', priority: 'normal' },
  ],
  [
    'a question only staff can answer',
    'webchat',
    ['do you take my insurance', 'Our staff handle questions like that'],
    { reason: 'topic', priority: 'normal' },
  ],
  [
    'a question with numbers in it goes to staff',
    'sms',
    ['My heart rate is < 60 and > 40, is that ok?', 'a question about your own care'],
    { reason: 'personal', priority: 'normal' },
  ],
  [
    'a stored question that starts "what should I"',
    'webchat',
    ['what should i do after the procedure', 'Post Procedure Instructions'],
    null,
  ],
  ['a greeting', 'webchat', ['hi', 'What would you like to know?'], null],
  ['thanks', 'webchat', ['thank you so much', "You're welcome!"], null],
  ['thanks in Spanish', 'sms', ['muchas gracias', '¡De nada!'], null],
  ['goodbye', 'webchat', ['bye', 'Take care!'], null],
  ['gibberish', 'webchat', ['asdfgh', "Sorry, I didn't understand that"], null],
  [
    'an ambiguous "instructions?"',
    'webchat',
    ['instructions?', '[Preparing for the procedure]'],
    null,
  ],
];

// "the catheter thing" names a topic two entries explain: where the catheter goes in, or how the
// procedure (which starts with the catheter) is performed.
const conversations: [name: string, channel: Channel, steps: Step[], escalations: Expected[]][] = [
  [
    'the patient picks one of the choices',
    'webchat',
    [
      ['the catheter thing', '[Where the catheter goes in]'],
      ['Where the catheter goes in', 'A catheter (a thin, long tube) is placed'],
    ],
    [],
  ],
  [
    'by SMS the choices are numbered and the patient answers with a number',
    'sms',
    [
      ['the catheter thing', 'Reply with a number:\n1. Where the catheter goes in'],
      ['1', 'A catheter (a thin, long tube) is placed'],
    ],
    [],
  ],
  [
    'the patient picks "Something else"',
    'webchat',
    [
      ['the catheter thing', '[Something else]'],
      ['Something else', 'passed your question to our staff'],
    ],
    [{ reason: 'unsure', priority: 'normal' }],
  ],
  [
    'an empty reply to "did you mean" gets the question again, and a choice still works',
    'webchat',
    [
      ['the catheter thing', 'Did you mean'],
      ['', 'Did you mean'],
      ['   ', '[Where the catheter goes in]'],
      ['Where the catheter goes in', 'A catheter (a thin, long tube) is placed'],
    ],
    [],
  ],
  [
    'by SMS an empty reply gets the numbered choices again',
    'sms',
    [
      ['the catheter thing', 'Reply with a number:'],
      ['', 'Reply with a number:\n1. Where the catheter goes in'],
      ['1', 'A catheter (a thin, long tube) is placed'],
    ],
    [],
  ],
  [
    'the patient asks something new instead of choosing',
    'webchat',
    [
      ['the catheter thing', 'Did you mean'],
      ['do they use contrast dye', 'A contrast dye is then infused'],
      ['thanks', "You're welcome!"],
    ],
    [],
  ],
  [
    'the patient has an emergency instead of choosing',
    'sms',
    [
      ['the catheter thing', 'Reply with a number'],
      ['i have chest pain', 'Call 911 now'],
    ],
    [{ reason: 'emergency', priority: 'urgent' }],
  ],
  [
    'after "español" short messages are answered in Spanish',
    'webchat',
    [
      ['español', 'desde ahora le responderé en español'],
      ['ok', '¿Hay algo más que quiera saber'],
      ['impella?', 'la bomba cardiaca portátil más pequeña del mundo'],
    ],
    [],
  ],
  [
    '"English" switches back',
    'webchat',
    [
      ['en español por favor', 'desde ahora le responderé en español'],
      ['English please', "I'll answer in English from now on"],
      ['ok', "Is there anything else you'd like to know"],
      ['impella?', 'the world’s smallest portable heart pump'],
    ],
    [],
  ],
  [
    'a Spanish choice is offered and answered in Spanish',
    'webchat',
    [
      ['español', 'desde ahora le responderé en español'],
      ['¿qué tipo?', '¿Se refiere a:'],
      ['Otra cosa', 'pasé su pregunta a nuestro personal'],
    ],
    [{ reason: 'unsure', priority: 'normal' }],
  ],
];

describe('MainDialog', () => {
  test.each(oneTurn)('%s (%s)', async (_name, channel, step, escalation) => {
    const store = await run(channel, [step]);
    expect(store.escalations).toEqual(escalation ? [expect.objectContaining(escalation)] : []);
  });

  test.each(conversations)('%s (%s)', async (_name, channel, steps, escalations) => {
    const store = await run(channel, steps);
    expect(store.escalations).toEqual(escalations.map((e) => expect.objectContaining(e)));
  });

  test.each([
    ['chest pian', 'emergency'],
    ['I want to kill myself', 'crisis'],
  ])('%j: the urgent escalation is stored before the patient is told', async (says, reason) => {
    const events: string[] = [];
    class WatchedStore extends InMemoryConversationStore {
      override async createEscalation(e: Omit<Escalation, 'id' | 'createdAt'>) {
        events.push(`stored ${e.reason} ${e.priority}`);
        return super.createEscalation(e);
      }
    }
    const watchReplies: Middleware = {
      onTurn: async (ctx, next) => {
        ctx.onSendActivities(async (_c, activities, send) => {
          events.push(...activities.map(() => 'told the patient'));
          return send();
        });
        await next();
      },
    };
    const { client } = newPatient('sms', new WatchedStore(), [watchReplies]);
    await say(client, says);
    expect(events).toEqual([`stored ${reason} urgent`, 'told the patient']);
  });
});

describe('FaqBot', () => {
  test('welcomes a new patient, names the clinic, offers Spanish and warns about emergencies', async () => {
    const replies = await new InProcessConversation(app.bot, app.store, 'welcome', 'web').start();
    expect(replies).toHaveLength(1);
    expect(replies[0].text).toContain(`virtual assistant of ${CLINIC}`);
    expect(replies[0].text).toContain('Impella');
    expect(replies[0].text).toContain('escriba "español"');
    expect(replies[0].text).toContain('call 911');
  });

  test('a new conversation is a new patient: another patient’s Spanish is not remembered', async () => {
    const first = new InProcessConversation(app.bot, app.store, 'first-patient', 'web');
    const second = new InProcessConversation(app.bot, app.store, 'second-patient', 'web');
    await first.say('español');
    const { replies, turn } = await second.say('ok');
    expect(replies.map((r) => r.text)).toEqual([expect.stringContaining('Is there anything else')]);
    expect(turn).toMatchObject({ action: 'smalltalk', lang: 'en' });
  });
});
