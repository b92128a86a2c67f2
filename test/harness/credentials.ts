/**
 * An in-memory stand-in for n8n's CredentialsHelper (packages/cli/src/credentials-helper.ts), with the
 * same semantics for what our nodes rely on:
 * - `getDecrypted` applies the credential type's defaults and resolves expressions;
 * - `authenticate` applies a generic (`{{$credentials.x}}`) or function `authenticate`;
 * - `preAuthentication` runs only when the expirable hidden field is empty or after a 401, and
 *   persists its output into the stored credential so later executions reuse the token.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers } from 'n8n-workflow';

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

class PlainCredentials implements ICredentials {
	constructor(
		readonly id: string,
		readonly name: string,
		readonly type: string,
		private stored: ICredentialDataDecryptedObject,
	) {}

	data: string | undefined = undefined;

	getData(): ICredentialDataDecryptedObject {
		return { ...this.stored };
	}

	getDataToSave() {
		return { id: this.id, name: this.name, type: this.type, data: JSON.stringify(this.stored) };
	}

	setData(data: ICredentialDataDecryptedObject): void {
		this.stored = { ...data };
	}
}

export class HarnessCredentialsHelper extends ICredentialsHelper {
	readonly store = new Map<string, StoredCredential>();

	/** How many times each credential's `preAuthentication` actually ran (id → count). */
	readonly preAuthCalls: Record<string, number> = {};

	constructor(private readonly types: Map<string, ICredentialType>) {
		super();
	}

	private type(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) throw new Error(`Unknown credential type "${name}"`);
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.types.get(name)?.extends ?? [];
		return parents.flatMap((p) => [p, ...this.getParentTypes(p)]);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const definition = this.type(type);
		const inherited = (definition.extends ?? []).flatMap((p) => this.getCredentialsProperties(p));
		const own = definition.properties;
		return [...inherited.filter((p) => !own.some((o) => o.name === p.name)), ...own];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.type(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type === 'generic') {
			const options = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [outerKey, inner] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(inner as Record<string, string>)) {
					const resolve = (v: string) =>
						v.startsWith('=')
							? String(
									workflow.expression.getSimpleParameterValue(
										node,
										v,
										'internal',
										{ $credentials: credentials },
										undefined,
										'',
									) ?? '',
								)
							: v;
					options[outerKey] ??= {};
					options[outerKey][resolve(key)] = resolve(value);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;

		const details = node.credentials?.[typeName];
		if (details?.id) this.preAuthCalls[details.id] = (this.preAuthCalls[details.id] ?? 0) + 1;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		if (details?.id) {
			const stored = this.store.get(details.id);
			if (stored) stored.data = { ...stored.data, ...(output as ICredentialDataDecryptedObject) };
		}
		return Object.assign(credentials, output);
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const stored = this.lookup(nodeCredentials, type);
		return new PlainCredentials(stored.id, stored.name, stored.type, stored.data);
	}

	private lookup(nodeCredentials: INodeCredentialsDetails, type: string): StoredCredential {
		const stored = nodeCredentials.id ? this.store.get(nodeCredentials.id) : undefined;
		if (!stored || stored.type !== type) {
			throw new Error(`Credential "${nodeCredentials.name}" of type "${type}" was not found`);
		}
		return stored;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.lookup(nodeCredentials, type);
		if (raw) return { ...stored.data };
		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			{ ...stored.data } as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (!expressionResolveValues) return withDefaults;
		return expressionResolveValues.workflow.expression.getParameterValue(
			withDefaults as INodeParameters,
			expressionResolveValues.runExecutionData,
			expressionResolveValues.runIndex,
			expressionResolveValues.itemIndex,
			expressionResolveValues.node.name,
			expressionResolveValues.connectionInputData,
			mode,
			{},
			executeData,
			false,
			withDefaults,
		) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.lookup(nodeCredentials, type).data = { ...data };
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = this.lookup(nodeCredentials, type);
		stored.data = { ...stored.data, oauthTokenData: data.oauthTokenData };
	}
}
