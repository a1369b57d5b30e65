import { randomUUID } from 'node:crypto';
import type { ConversationStore, Escalation, TranscriptLine, TurnRecord } from './types';

export class InMemoryConversationStore implements ConversationStore {
  readonly transcript: TranscriptLine[] = [];
  readonly escalations: Escalation[] = [];
  readonly turns: TurnRecord[] = [];

  readonly owners = new Map<string, 'bot' | 'staff'>();

  async ensureConversation(id: string): Promise<void> {
    if (!this.owners.has(id)) this.owners.set(id, 'bot');
  }

  async staffOwns(id: string): Promise<boolean> {
    return this.owners.get(id) === 'staff';
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

  turnsOf(conversationId: string): TurnRecord[] {
    return this.turns.filter((t) => t.conversationId === conversationId);
  }
}
