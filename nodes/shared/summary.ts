/**
 * The normalised `summary` every create/get/status output carries next to the provider's full
 * response, so downstream nodes (IF, Switch, e-mail) can branch without knowing the provider.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ProviderName } from './errors';

export type DocumentStatus = 'accepted' | 'rejected' | 'pending' | 'voided';

export interface DocumentSummary {
	provider: ProviderName;
	/** invoice, creditNote, debitNote, supportDocument, ccf (El Salvador 03), excludedSubject (14)… */
	kind: string;
	/** Human document number: SETP990000011, numeroControl… */
	number: string | null;
	/** Tax-authority id: CUFE (Colombia) or codigoGeneracion (El Salvador). */
	authorityId: string | null;
	status: DocumentStatus;
	/** The provider's / authority's own words about the status. */
	statusMessage: string | null;
	total: number | null;
	currency: string;
	issueDate: string | null;
	links: Record<string, string>;
	/** Informational notes that do not invalidate the document (e.g. DIAN "Notificación"). */
	warnings: string[];
}

export type SummaryInput = Omit<DocumentSummary, 'statusMessage' | 'issueDate' | 'links' | 'warnings'> &
	Partial<Pick<DocumentSummary, 'statusMessage' | 'issueDate' | 'links' | 'warnings'>>;

/** Keys in reading order: what the document is and where it stands first, the details after. */
export function makeSummary(input: SummaryInput): DocumentSummary {
	return {
		provider: input.provider,
		kind: input.kind,
		number: input.number,
		status: input.status,
		total: input.total,
		currency: input.currency,
		authorityId: input.authorityId,
		statusMessage: input.statusMessage ?? null,
		issueDate: input.issueDate ?? null,
		links: input.links ?? {},
		warnings: input.warnings ?? [],
	};
}

/** `{...providerDocument, summary}`: the provider's fields stay addressable as `$json.<field>`. */
export function withSummary(document: IDataObject, summary: DocumentSummary): IDataObject {
	return { ...document, summary: summary as unknown as IDataObject };
}
