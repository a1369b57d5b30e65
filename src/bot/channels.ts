/**
 * The channel ids the bot is reached on, one name each wherever it is used: the service, the
 * in-process bot of `ask` and `eval`, the store. Azure's channels (teams, webchat through Azure's
 * Direct Line, emulator) keep the ids the Bot Framework gives them.
 */
export const CHANNELS = {
  /** Text messages, through Twilio. */
  sms: 'sms',
  /** The clinic's web widget, through this service's own Direct Line endpoint. */
  web: 'directline',
} as const;
