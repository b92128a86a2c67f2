import { sleepMs } from '../simulators/framework/server';
import { loginKey, singleFlight } from '../../nodes/shared/singleFlight';

describe('singleFlight (one login for concurrent callers)', () => {
	it('concurrent callers with the same key share one run and its result', async () => {
		let runs = 0;
		const login = async () => {
			runs++;
			await sleepMs(5);
			return `token-${runs}`;
		};
		const key = loginKey('https://api', 'ana', 'secret');
		const tokens = await Promise.all(Array.from({ length: 8 }, async () => await singleFlight(key, login)));
		expect(runs).toBe(1);
		expect(new Set(tokens)).toEqual(new Set(['token-1']));
		// Once settled, the next caller logs in again (a later expiry is a new login).
		expect(await singleFlight(key, login)).toBe('token-2');
	});

	it('different secrets never share a login, and a failed login is not kept', async () => {
		expect(loginKey('u', 'a')).not.toBe(loginKey('u', 'b'));
		expect(loginKey('u', 'secret')).not.toContain('secret');
		const key = loginKey('fails');
		await expect(singleFlight(key, async () => await Promise.reject(new Error('refused')))).rejects.toThrow('refused');
		expect(await singleFlight(key, async () => 'ok')).toBe('ok');
	});
});
