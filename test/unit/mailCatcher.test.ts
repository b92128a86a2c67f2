/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * The local mail catcher speaks enough SMTP for n8n's Send Email node (nodemailer) and lists what it
 * caught, attachments included.
 */
import * as net from 'node:net';

import { startMailSimulator } from '../simulators/mail';

async function smtpSend(port: number, lines: string[]): Promise<string[]> {
	const socket = net.connect(port, '127.0.0.1');
	socket.setEncoding('utf8');
	const replies: string[] = [];
	let pending = '';
	const next = () =>
		new Promise<string>((resolve) => {
			const check = () => {
				const complete = /(^|\r\n)\d{3} [^\r\n]*\r\n$/.exec(pending);
				if (complete) {
					const reply = pending;
					pending = '';
					socket.off('data', onData);
					resolve(reply);
				}
			};
			const onData = (chunk: string) => {
				pending += chunk;
				check();
			};
			socket.on('data', onData);
			check();
		});
	replies.push(await next());
	for (const line of lines) {
		socket.write(`${line}\r\n`);
		replies.push(await next());
	}
	socket.end();
	return replies;
}

describe('mail catcher simulator', () => {
	it('accepts a multipart message and lists its subject and attachment', async () => {
		const sim = await startMailSimulator();
		try {
			const pdf = Buffer.from('%PDF-1.4 fake').toString('base64');
			const message = [
				'From: shop@example.com',
				'To: buyer@example.com',
				// Long subjects arrive as several encoded words; the space between them is not text.
				'Subject: =?UTF-8?B?' + Buffer.from('Factura SETP99000000').toString('base64') + '?=\r\n =?UTF-8?B?' + Buffer.from('1 ✓').toString('base64') + '?=',
				'MIME-Version: 1.0',
				'Content-Type: multipart/mixed; boundary="b1"',
				'',
				'--b1',
				'Content-Type: text/plain',
				'',
				'Hola, adjunto la factura.',
				'..dot-stuffed line',
				'--b1',
				'Content-Type: application/pdf; name="SETP990000001.pdf"',
				'Content-Disposition: attachment; filename="SETP990000001.pdf"',
				'Content-Transfer-Encoding: base64',
				'',
				pdf,
				'--b1--',
				'.',
			].join('\r\n');
			const replies = await smtpSend(sim.mail.port, [
				'EHLO test',
				'MAIL FROM:<shop@example.com>',
				'RCPT TO:<buyer@example.com>',
				'DATA',
				message,
				'QUIT',
			]);
			expect(replies[0]).toMatch(/^220 /);
			expect(replies[5]).toMatch(/^250 OK: message 1 caught/);
			const listed = (await (await fetch(`${sim.url}/messages`)).json()) as Array<Record<string, unknown>>;
			expect(listed).toEqual([
				expect.objectContaining({
					from: 'shop@example.com',
					to: ['buyer@example.com'],
					subject: 'Factura SETP990000001 ✓',
					attachments: [{ fileName: 'SETP990000001.pdf', contentType: 'application/pdf', size: 13 }],
				}),
			]);
			expect(sim.mail.messages[0].raw).toContain('\r\n.dot-stuffed line');
			expect(await (await fetch(`${sim.url}/`)).text()).toContain('SETP990000001.pdf');
			expect(sim.credentials().smtp).toMatchObject({ host: '127.0.0.1', port: sim.mail.port });
		} finally {
			await sim.stop();
		}
	});
});
