/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, not shipped in dist/ */
/**
 * A local mail catcher, so the examples' "e-mail the PDF" steps run end to end without a real mail
 * server: a minimal SMTP server (no TLS, no auth — loopback only) that keeps every message in memory,
 * and an HTTP inbox (`GET /` as a page, `GET /messages` as JSON) that lists them with their attachments.
 */
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

import { SimServer } from '../framework/server';
import type { RunningSimulator, SimulatorStartOptions } from '../framework/types';

export interface CaughtAttachment {
	fileName: string;
	contentType: string;
	/** Decoded size in bytes. */
	size: number;
}

export interface CaughtMessage {
	id: number;
	receivedAt: string;
	from: string;
	to: string[];
	subject: string;
	attachments: CaughtAttachment[];
	/** The raw RFC 5322 message. */
	raw: string;
}

/** Header value of a MIME part or message (unfolded), case-insensitive. */
function header(block: string, name: string): string {
	const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
	const match = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded);
	return match ? match[1].trim() : '';
}

/** RFC 2047 encoded words (=?UTF-8?B?...?=) as plain text. */
function decodeWords(value: string): string {
	// White space between two adjacent encoded words is not part of the text (RFC 2047 §6.2).
	return value.replace(/(\?=)\s+(?==\?)/g, '$1').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, _charset: string, enc: string, text: string) =>
		enc.toUpperCase() === 'B'
			? Buffer.from(text, 'base64').toString('utf8')
			: Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
	);
}

/** Walks multipart bodies and collects parts with a file name. */
function attachmentsOf(raw: string): CaughtAttachment[] {
	const found: CaughtAttachment[] = [];
	const walk = (entity: string) => {
		const split = entity.search(/\r?\n\r?\n/);
		const head = split >= 0 ? entity.slice(0, split) : entity;
		const body = split >= 0 ? entity.slice(split).replace(/^\r?\n\r?\n/, '') : '';
		const contentType = header(head, 'Content-Type');
		const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
		if (/^multipart\//i.test(contentType) && boundary) {
			for (const part of body.split(`--${boundary}`).slice(1)) {
				if (part.startsWith('--')) break;
				walk(part.replace(/^\r?\n/, ''));
			}
			return;
		}
		const disposition = header(head, 'Content-Disposition');
		const fileName = /filename\*?="?([^";]+)"?/i.exec(disposition)?.[1] ?? /name="?([^";]+)"?/i.exec(contentType)?.[1];
		if (!fileName) return;
		const encoding = header(head, 'Content-Transfer-Encoding').toLowerCase();
		const size =
			encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').length : Buffer.byteLength(body.replace(/\r?\n$/, ''));
		found.push({ fileName: decodeWords(fileName), contentType: contentType.split(';')[0].trim(), size });
	};
	walk(raw);
	return found;
}

const address = (arg: string) => /<([^>]*)>/.exec(arg)?.[1] ?? arg.replace(/^(FROM|TO):/i, '').trim();

export class MailCatcher {
	readonly messages: CaughtMessage[] = [];

	private smtp?: net.Server;

	private readonly sockets = new Set<net.Socket>();

	port = 0;

	async start(port = 0): Promise<number> {
		this.smtp = net.createServer((socket) => this.session(socket));
		await new Promise<void>((resolve, reject) => {
			this.smtp!.once('error', reject);
			this.smtp!.listen(port, '127.0.0.1', () => resolve());
		});
		this.port = (this.smtp.address() as AddressInfo).port;
		return this.port;
	}

	async stop(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		const smtp = this.smtp;
		this.smtp = undefined;
		if (smtp) await new Promise<void>((resolve) => smtp.close(() => resolve()));
	}

	private session(socket: net.Socket): void {
		this.sockets.add(socket);
		socket.on('close', () => this.sockets.delete(socket));
		socket.setEncoding('utf8');
		let buffer = '';
		let inData = false;
		let data = '';
		let from = '';
		let to: string[] = [];
		const reply = (line: string) => socket.write(`${line}\r\n`);
		reply('220 latam-einvoicing mail catcher ESMTP');
		socket.on('data', (chunk: string) => {
			buffer += chunk;
			for (;;) {
				if (inData) {
					const end = buffer.indexOf('\r\n.\r\n');
					const atStart = data === '' && buffer.startsWith('.\r\n');
					if (end < 0 && !atStart) return;
					data += atStart ? '' : buffer.slice(0, end);
					buffer = buffer.slice(atStart ? 3 : end + 5);
					inData = false;
					// Undo SMTP dot-stuffing.
					const raw = data.replace(/^\.\./gm, '.');
					this.messages.push({
						id: this.messages.length + 1,
						receivedAt: new Date().toISOString(),
						from,
						to,
						subject: decodeWords(header(raw.split(/\r?\n\r?\n/)[0], 'Subject')),
						attachments: attachmentsOf(raw),
						raw,
					});
					data = '';
					reply(`250 OK: message ${this.messages.length} caught`);
					continue;
				}
				const eol = buffer.indexOf('\r\n');
				if (eol < 0) return;
				const line = buffer.slice(0, eol);
				buffer = buffer.slice(eol + 2);
				const [verb, ...rest] = line.split(' ');
				const arg = rest.join(' ');
				switch (verb.toUpperCase()) {
					case 'EHLO':
						socket.write('250-latam-einvoicing\r\n250-8BITMIME\r\n250 SIZE 52428800\r\n');
						break;
					case 'HELO':
						reply('250 latam-einvoicing');
						break;
					case 'MAIL':
						from = address(arg);
						to = [];
						reply('250 OK');
						break;
					case 'RCPT':
						to.push(address(arg));
						reply('250 OK');
						break;
					case 'DATA':
						inData = true;
						data = '';
						reply('354 End data with <CR><LF>.<CR><LF>');
						break;
					case 'RSET':
						from = '';
						to = [];
						reply('250 OK');
						break;
					case 'NOOP':
						reply('250 OK');
						break;
					case 'QUIT':
						reply('221 Bye');
						socket.end();
						return;
					default:
						reply('502 Command not implemented');
				}
			}
		});
	}
}

function inboxPage(messages: CaughtMessage[]): string {
	const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
	const rows = messages
		.slice()
		.reverse()
		.map(
			(m) =>
				`<tr><td>${m.id}</td><td>${esc(m.receivedAt)}</td><td>${esc(m.from)}</td><td>${esc(m.to.join(', '))}</td>` +
				`<td>${esc(m.subject)}</td><td>${m.attachments.map((a) => `${esc(a.fileName)} (${a.contentType}, ${a.size} B)`).join('<br>')}</td></tr>`,
		)
		.join('');
	return `<!doctype html><meta charset="utf-8"><title>Local mail</title><h1>Local mail catcher</h1>
<p>Messages n8n sent through the "SMTP account" credential. Refresh to see new ones.</p>
<table border="1" cellpadding="4"><tr><th>#</th><th>Received</th><th>From</th><th>To</th><th>Subject</th><th>Attachments</th></tr>${rows}</table>`;
}

export async function startMailSimulator(options: SimulatorStartOptions = {}): Promise<RunningSimulator & { mail: MailCatcher }> {
	const mail = new MailCatcher();
	const server = new SimServer('mail');
	server
		.route('GET', '/', () => ({ status: 200, body: inboxPage(mail.messages), headers: { 'content-type': 'text/html; charset=utf-8' } }))
		.route('GET', '/messages', () => ({
			status: 200,
			body: mail.messages.map((m) => ({ ...m, raw: undefined })),
		}));
	const url = await server.start(options.port ?? 0);
	// SMTP one port above the inbox when ports are fixed, random otherwise.
	await mail.start(options.port ? options.port + 100 : 0);
	return {
		name: 'mail',
		url,
		server,
		mail,
		describe: () => [
			`Inbox: ${url}/ (JSON: ${url}/messages)`,
			`SMTP: 127.0.0.1:${mail.port} (no TLS, no login) — the "SMTP account" credential points here`,
		],
		credentials: () => ({
			smtp: { host: '127.0.0.1', port: mail.port, secure: false, disableStartTls: true, user: '', password: '' },
		}),
		stop: async () => {
			await mail.stop();
			await server.stop();
		},
	};
}
