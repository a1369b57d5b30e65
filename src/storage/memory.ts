import { randomUUID } from 'node:crypto';
import type { ConversationStore, Escalation, TranscriptLine, TurnRecord } from './types';

export class InMemoryConversationStore implements ConversationStore {
  readonly transcript: TranscriptLine[] = [];
  readonly escalations: Escalation[] = [];
  readonly turns: TurnRecord[] = [];

  readonly owners = new Map<string, 'bot' | 'staff'>();

  async ensureConversation(id: string): Promise<'bot' | 'staff'> {
    if (!this.owners.has(id)) this.owners.set(id, 'bot');
    return this.owners.get(id)!;
  }

  async appendTranscript(line: TranscriptLine): Promise<void> {
    this.transcript.push(line);
  }

  async createEscalation(e: Omit<Escalation, 'id' | 'createdAt'>): Promise<Escalation> {
    const escalation = { ...e, id: randomUUID(), createdAt: new Date().toISOString() };
    this.escalations.push(escalation);
    return escalation;
  }

  async recordTurn(turn: TurnRecord): Promise<void> {
    this.turns.push(turn);
  }

  async forgetConversation(id: string): Promise<number> {
    let removed = 0;
    for (const list of [this.transcript, this.escalations, this.turns] as {
      conversationId: string;
    }[][]) {
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i].conversationId === id) {
          list.splice(i, 1);
          removed += 1;
        }
      }
    }
    return removed;
  }

  turnsOf(conversationId: string): TurnRecord[] {
    return this.turns.filter((t) => t.conversationId === conversationId);
  }
}
