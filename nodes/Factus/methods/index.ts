import * as listSearch from './listSearch';
import * as loadOptions from './loadOptions';

export const methods = { loadOptions: { ...loadOptions }, listSearch: { ...listSearch } };
