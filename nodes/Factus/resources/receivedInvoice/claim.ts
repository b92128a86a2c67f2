/** Received Invoice → Claim: RADIAN 031 (reclamo) with its reason, after 032 and never with an acceptance (see ./event.ts). */
import { EVENT } from '../../wire/v2/radian';
import { eventOperation } from './event';

export const { description, execute } = eventOperation('claim', EVENT.claim);
