/** Bill → Wait for DIAN Result (API v1): ../common/wait.ts. */
import { FACTUS_V1 } from '../../issue';
import { documentOutput } from '../../summary';
import { numberField } from '../common/get';
import { showFor } from '../common/types';
import { waitOperationFor } from '../common/wait';

export const { description, execute } = waitOperationFor(
	FACTUS_V1,
	'bill',
	numberField('bill', 'waitForResult', 'bill', 'SETP990000493'),
	showFor('bill', 'waitForResult'),
	(data, extra) => documentOutput('bill', data, extra),
);
