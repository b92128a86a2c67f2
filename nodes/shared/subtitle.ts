import type { INodeProperties } from 'n8n-workflow';

/**
 * The canvas subtitle of a node: the chosen operation's name as the user reads it in the action list
 * ("Create Bill", "Send to Hacienda"), not the internal values ("create: bill"). Built from the node's own
 * properties, so a new operation gets its subtitle without anyone remembering to add it.
 *
 * n8n evaluates the subtitle as an expression over the node's parameters; the map from
 * `resource:operation` to the operation's action (or name) is embedded as a JSON literal.
 */
export function operationSubtitle(properties: INodeProperties[]): string {
	const names: Record<string, string> = {};
	for (const property of properties) {
		if (property.name !== 'operation' || property.type !== 'options' || !property.options) continue;
		const resources = (property.displayOptions?.show?.resource ?? []) as unknown[];
		for (const option of property.options) {
			if (!('value' in option)) continue;
			const label = ('action' in option && typeof option.action === 'string' && option.action) || option.name;
			for (const resource of resources.length > 0 ? resources : ['']) {
				names[`${String(resource)}:${String(option.value)}`] = label;
			}
		}
	}
	const map = JSON.stringify(names);
	return `={{ (${map})[($parameter["resource"] || "") + ":" + $parameter["operation"]] || $parameter["operation"] }}`;
}
