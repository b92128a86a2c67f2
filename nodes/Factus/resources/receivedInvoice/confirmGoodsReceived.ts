/** Received Invoice → Confirm Goods Received: RADIAN 032 (recibo del bien o prestación del servicio), after 030 (see ./event.ts). */
import { EVENT } from '../../wire/v2/radian';
import { eventOperation } from './event';

export const { description, execute } = eventOperation('confirmGoodsReceived', EVENT.goodsReceived);
