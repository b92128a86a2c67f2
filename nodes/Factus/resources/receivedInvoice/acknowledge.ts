/** Received Invoice → Acknowledge Receipt: RADIAN 030 (acuse de recibo) on a supplier invoice (see ./event.ts). */
import { EVENT } from '../../wire/v2/radian';
import { eventOperation } from './event';

export const { description, execute } = eventOperation('acknowledge', EVENT.acknowledgement);
