/**
 * Clients (receptores), the catalog dropdowns and the Lookup operations.
 */
import type { IDataObject, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { OTHER_ACCOUNT } from '../../simulators/factuconect';
import { describedProblems, spec, startSetup } from './setup';
import type { Setup } from './setup';

let setup: Setup;

beforeAll(async () => {
	setup = await startSetup();
	// 230 clients: three 0-based pages of 100, plus clients of another account that must never show up.
	setup.sim.control.seedClients(230);
	setup.sim.control.seedClients(5, OTHER_ACCOUNT);
});

afterAll(async () => await setup.sim.stop());

beforeEach(() => setup.sim.server.clearFaults().clearLog());

const options = async (parameters: IDataObject, method: string) =>
	(await setup.harness.loadOptions(spec(setup.credential, parameters), method)) as INodePropertyOptions[];

const search = async (parameters: IDataObject, method: string, filter?: string, paginationToken?: string) =>
	(await setup.harness.loadOptions(spec(setup.credential, parameters), method, { kind: 'listSearch', filter, paginationToken })) as INodeListSearchResult;

const CLIENT = { resource: 'client', operation: 'create' };

describe('dropdowns', () => {
	it('load countries, departments, document types and economic activities from the catalogs', async () => {
		const countries = await options(CLIENT, 'getCountries');
		expect(countries).toContainEqual({ name: 'El Salvador (SV)', value: '1' });
		const departments = await options(CLIENT, 'getDepartments');
		expect(departments).toHaveLength(14);
		expect(departments).toContainEqual({ name: 'San Salvador (06)', value: '6' });
		expect(await options(CLIENT, 'getDocumentTypes')).toEqual([
			{ name: 'NIT (36)', value: '1' },
			{ name: 'DUI (13)', value: '2' },
			{ name: 'Otro (37)', value: '3' },
			{ name: 'Pasaporte (03)', value: '4' },
			{ name: 'Carnet de residente (02)', value: '5' },
		]);
	});

	it('load the municipalities of the chosen department only', async () => {
		expect(await options(CLIENT, 'getMunicipalities')).toEqual([]);
		const sanSalvador = await options({ ...CLIENT, department: '6' }, 'getMunicipalities');
		expect(sanSalvador).toHaveLength(19);
		expect(sanSalvador.map((m) => m.name)).toContain('Soyapango (17)');
		const cabanas = await options({ ...CLIENT, department: '9' }, 'getMunicipalities');
		expect(cabanas.map((m) => m.name)).toEqual(expect.arrayContaining(['Ilobasco (04)', 'Sensuntepeque (07)']));
		expect(setup.sim.server.requests({ path: '/catalogos/municipios' }).map((r) => r.query.id_departamento)).toEqual(['6', '9']);
		// Lookup → Get Municipalities uses its own department parameter.
		const lookup = await options({ resource: 'lookup', operation: 'getMunicipalities', catalogDepartment: '14' }, 'getMunicipalities');
		expect(lookup.map((m) => m.name)).toContain('La Unión (08)');
	});

	it('search economic activities as the user types (accents and case do not matter), by id or MH code', async () => {
		const byId = await search(CLIENT, 'searchEconomicActivities', 'CONTABILIDAD');
		expect(byId.results).toEqual([
			{ name: '69200 — Actividades de contabilidad, teneduría de libros y auditoría; asesoramiento en materia de impuestos', value: '33' },
		]);
		const byCode = await search({ resource: 'dte', operation: 'createCcf' }, 'searchEconomicActivityCodes', 'cafe');
		expect(byCode.results.map((r) => r.value)).toEqual(['01271', '10792']);
		expect((await search(CLIENT, 'searchEconomicActivities')).results.length).toBeGreaterThan(30);
	});

	it('offer MH codes for a DTE receiver: departments, then that department\'s municipalities', async () => {
		const CCF = { resource: 'dte', operation: 'createCcf' };
		const departments = await options(CCF, 'getDepartmentCodes');
		expect(departments.map((d) => d.value)).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14']);
		expect(await options(CCF, 'getMunicipalityCodes')).toEqual([]);
		const municipalities = await options({ ...CCF, receiverDepartment: '05' }, 'getMunicipalityCodes');
		expect(municipalities).toContainEqual({ name: 'Santa Tecla (17)', value: '17' });
	});

	it('find stored clients by name (page by page) or by NIT', async () => {
		const first = await search({ resource: 'dte', operation: 'createFactura' }, 'searchClients');
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toBe('1');
		const last = await search({ resource: 'dte', operation: 'createFactura' }, 'searchClients', undefined, '2');
		expect(last.results).toHaveLength(30);
		expect(last.paginationToken).toBeUndefined();
		const byName = await search({ resource: 'dte', operation: 'createFactura' }, 'searchClients', 'cliente 42');
		expect(byName.results.map((r) => r.name)).toEqual(['Cliente 42 — NIT 06140010000041 — NRC 100041']);
		const byNit = await search({ resource: 'dte', operation: 'createFactura' }, 'searchClients', '0614-0010000041');
		expect(byNit.results).toHaveLength(1);
	});
});

describe('Client operations', () => {
	it('create a client with the catalog ids, NIT and NRC normalised to digits', async () => {
		const municipality = (await options({ ...CLIENT, department: '6' }, 'getMunicipalities')).find((m) => m.name === 'San Salvador (14)')!;
		const run = await setup.harness.execute(
			spec(setup.credential, {
				...CLIENT,
				clientName: 'Comercial La Esperanza',
				clientNit: '0614-010499-128-7',
				clientDocumentType: '1',
				clientActivity: { __rl: true, mode: 'list', value: '21' },
				country: '1',
				department: '6',
				municipality: municipality.value,
				clientDetails: { nrc: '278784-1', email: 'compras@esperanza.com.sv', phone: '2222-0000', address: 'Col. Escalón, Calle 3', tradeName: 'La Esperanza' },
			}),
		);
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			id: expect.any(Number),
			id_clientes: 53,
			nombre: 'Comercial La Esperanza',
			nit: '06140104991287',
			nrc: '2787841',
			id_tipo_documento: 1,
			id_actividad_economica: 21,
			id_pais: 1,
			id_departamento: 6,
			id_municipio: Number(municipality.value),
			correo: 'compras@esperanza.com.sv',
			status: 'ACTIVO',
		});
	});

	it("surface Factuconect's field errors (a municipality outside the department)", async () => {
		const run = await setup.harness.execute(
			spec(setup.credential, { ...CLIENT, clientName: 'Tienda', clientNit: '06140104991287', department: '6', municipality: '1' }),
		);
		expect(run.error?.message).toBe('Factuconect could not create the client (HTTP 400): Error de validación');
		expect(describedProblems(run)).toBe('id_municipio: No pertenece al departamento');
	});

	it('Get Many with Return All follows the 0-based pages', async () => {
		const run = await setup.harness.execute(spec(setup.credential, { resource: 'client', operation: 'getAll', returnAll: true }));
		const own = setup.sim.state.receptores.filter((r) => r.id_clientes === 53).length;
		expect(run.items).toHaveLength(own);
		expect(new Set(run.items.map((i) => i.json.id)).size).toBe(own);
		expect(run.items.every((i) => i.json.id_clientes === 53)).toBe(true);
		expect(setup.sim.server.requests({ path: '/receptor/showAll' }).map((r) => r.query)).toEqual([
			{ page: '0', pageSize: '100' },
			{ page: '1', pageSize: '100' },
			{ page: '2', pageSize: '100' },
		]);
		expect(run.items.every((i) => JSON.stringify(i.pairedItem) === '{"item":0}')).toBe(true);
	});

	it('Get Many with a limit stops reading pages once it has enough', async () => {
		const run = await setup.harness.execute(spec(setup.credential, { resource: 'client', operation: 'getAll', returnAll: false, limit: 120 }));
		expect(run.items).toHaveLength(120);
		expect(setup.sim.server.count({ path: '/receptor/showAll' })).toBe(2);
	});

	it("Search by NIT/NRC finds the account's clients only", async () => {
		const run = await setup.harness.execute(spec(setup.credential, { resource: 'client', operation: 'search', query: '100004' }));
		expect(run.items.map((i) => i.json.nombre)).toEqual(['Cliente 5']);
		const shared = await setup.harness.execute(spec(setup.credential, { resource: 'client', operation: 'search', query: '0614001000000' }));
		expect(shared.items.map((i) => i.json.nombre)).toEqual(['Cliente 1', 'Cliente 2', 'Cliente 3', 'Cliente 4', 'Cliente 5', 'Cliente 6', 'Cliente 7', 'Cliente 8', 'Cliente 9', 'Cliente 10']);
		expect(setup.sim.server.requests({ path: '/receptor/searchByNitNrc' })[0].query).toEqual({ q: '100004' });
	});
});

describe('Lookup operations', () => {
	it('Enabled DTE Types gives the two-digit tipoDte of each enabled type', async () => {
		const run = await setup.harness.execute(spec(setup.credential, { resource: 'lookup', operation: 'getEnabledTypes' }));
		expect(run.items.map((i) => [i.json.tipoDte, i.json.name])).toEqual([
			['01', 'Factura'],
			['03', 'Comprobante de crédito fiscal'],
			['05', 'Nota de crédito'],
			['06', 'Nota de débito'],
			['14', 'Factura de sujeto excluido'],
		]);
	});

	it.each([
		['getCountries', {}, 14, { nombre: 'El Salvador', codigo: 'SV' }],
		['getDepartments', {}, 14, { nombre: 'Cuscatlán', codigo: '07' }],
		['getDocumentTypes', {}, 5, { nombre: 'DUI', codigo: '13' }],
		['getEconomicActivities', {}, 41, { nombre: 'Programación informática', codigo: '62010' }],
		['getMunicipalities', { catalogDepartment: '1' }, 12, { nombre: 'Ahuachapán', codigo: '01' }],
	])('%s lists one item per catalog entry', async (operation, extra, count, sample) => {
		const run = await setup.harness.execute(spec(setup.credential, { resource: 'lookup', operation, ...extra }));
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(count);
		expect(run.items.map((i) => i.json)).toContainEqual(expect.objectContaining(sample));
	});
});
