/** Received Invoice → Accept: RADIAN 033 (aceptación expresa), after 032 and never with a claim (see ./event.ts). */
import { EVENT } from '../../wire/v2/radian';
import { eventOperation } from './event';

export const { description, execute } = eventOperation('accept', EVENT.expressAcceptance);
