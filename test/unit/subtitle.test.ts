import type { INodeProperties } from 'n8n-workflow';

import { operationSubtitle } from '../../nodes/shared/subtitle';

/**
 * Reads the subtitle expression the way n8n evaluates it for these parameters: the embedded map looked up with
 * `resource:operation`, else the operation value (the expression's own fallback).
 */
function render(subtitle: string, parameter: Record<string, string>): unknown {
	const match = /^=\{\{ \((\{.*\})\)\[\(\$parameter\["resource"\] \|\| ""\) \+ ":" \+ \$parameter\["operation"\]\] \|\| \$parameter\["operation"\] \}\}$/.exec(subtitle);
	if (!match) throw new Error(`unexpected subtitle expression: ${subtitle}`);
	const names = JSON.parse(match[1]) as Record<string, string>;
	return names[`${parameter.resource ?? ''}:${parameter.operation}`] || parameter.operation;
}

const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['bill'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a bill' },
			{ name: 'Wait for DIAN Result', value: 'waitForResult', action: 'Wait for the DIAN result of a bill' },
		],
		default: 'create',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['dte'] } },
		options: [{ name: 'Send to Hacienda', value: 'send' }],
		default: 'send',
	},
];

describe('canvas subtitle', () => {
	it("shows the chosen operation's action, per resource", () => {
		const subtitle = operationSubtitle(properties);
		expect(render(subtitle, { resource: 'bill', operation: 'waitForResult' })).toBe('Wait for the DIAN result of a bill');
		expect(render(subtitle, { resource: 'dte', operation: 'send' })).toBe('Send to Hacienda');
	});

	it('falls back to the operation value for an unknown pair rather than showing nothing', () => {
		expect(render(operationSubtitle(properties), { resource: 'x', operation: 'y' })).toBe('y');
	});
});
