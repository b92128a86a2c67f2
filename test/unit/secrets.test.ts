/**
 * `maskSecrets`, for the provider code paths that repeat provider texts outside `apiRequest`.
 */
import { maskSecrets } from '../../nodes/shared/http';

describe('maskSecrets', () => {
	it('masks every occurrence in a text, and any bearer token even when not declared', () => {
		expect(maskSecrets('user ana, password Hunter-22 (Hunter-22); Authorization: Bearer abc.DEF-123=', ['Hunter-22'])).toBe(
			'user ana, password *** (***); Authorization: Bearer ***',
		);
	});

	it('masks the strings of an object or array without touching the original or other values', () => {
		const body = { message: 'token tok-9f8e7d rejected', errors: { token: ['tok-9f8e7d expired'] }, count: 2, list: ['x tok-9f8e7d'] };
		const masked = maskSecrets(body, ['tok-9f8e7d']);
		expect(masked).toEqual({ message: 'token *** rejected', errors: { token: ['*** expired'] }, count: 2, list: ['x ***'] });
		expect(body.message).toBe('token tok-9f8e7d rejected');
	});

	it('masks the forms a provider repeats a value in: JSON-escaped and URL-encoded', () => {
		const secret = 'p@ss "word"/1';
		expect(maskSecrets(`raw ${JSON.stringify({ password: secret })} form password=${encodeURIComponent(secret)}`, [secret])).toBe(
			'raw {"password":"***"} form password=***',
		);
	});

	it('leaves values shorter than 4 characters alone, so the text stays readable', () => {
		expect(maskSecrets('invoice 123 of 2024', ['123', '', undefined, 42])).toBe('invoice 123 of 2024');
	});
});
