/**
 * Catalog data served by the Factuconect simulator: El Salvador's 14 departments with their
 * municipalities (the list before the 2024 municipal reform, numbered within each department in the
 * order below), countries, MH receiver document types and a few dozen economic activities.
 * Ids are the simulator's database ids (`id_*` fields of a receptor); `codigo` is MH's code.
 */

export interface CatalogEntry {
	id: number;
	codigo: string;
	nombre: string;
}

export interface MunicipalityEntry extends CatalogEntry {
	id_departamento: number;
}

const DEPARTMENTS: Array<[string, string[]]> = [
	['Ahuachapán', ['Ahuachapán', 'Apaneca', 'Atiquizaya', 'Concepción de Ataco', 'El Refugio', 'Guaymango', 'Jujutla', 'San Francisco Menéndez', 'San Lorenzo', 'San Pedro Puxtla', 'Tacuba', 'Turín']],
	['Santa Ana', ['Candelaria de la Frontera', 'Chalchuapa', 'Coatepeque', 'El Congo', 'El Porvenir', 'Masahuat', 'Metapán', 'San Antonio Pajonal', 'San Sebastián Salitrillo', 'Santa Ana', 'Santa Rosa Guachipilín', 'Santiago de la Frontera', 'Texistepeque']],
	['Sonsonate', ['Acajutla', 'Armenia', 'Caluco', 'Cuisnahuat', 'Izalco', 'Juayúa', 'Nahuizalco', 'Nahulingo', 'Salcoatitán', 'San Antonio del Monte', 'San Julián', 'Santa Catarina Masahuat', 'Santa Isabel Ishuatán', 'Santo Domingo de Guzmán', 'Sonsonate', 'Sonzacate']],
	['Chalatenango', ['Agua Caliente', 'Arcatao', 'Azacualpa', 'Chalatenango', 'Citalá', 'Comalapa', 'Concepción Quezaltepeque', 'Dulce Nombre de María', 'El Carrizal', 'El Paraíso', 'La Laguna', 'La Palma', 'La Reina', 'Las Vueltas', 'Nombre de Jesús', 'Nueva Concepción', 'Nueva Trinidad', 'Ojos de Agua', 'Potonico', 'San Antonio de la Cruz', 'San Antonio Los Ranchos', 'San Fernando', 'San Francisco Lempa', 'San Francisco Morazán', 'San Ignacio', 'San Isidro Labrador', 'San José Cancasque', 'San José Las Flores', 'San Luis del Carmen', 'San Miguel de Mercedes', 'San Rafael', 'Santa Rita', 'Tejutla']],
	['La Libertad', ['Antiguo Cuscatlán', 'Chiltiupán', 'Ciudad Arce', 'Colón', 'Comasagua', 'Huizúcar', 'Jayaque', 'Jicalapa', 'La Libertad', 'Nuevo Cuscatlán', 'Quezaltepeque', 'Sacacoyo', 'San José Villanueva', 'San Juan Opico', 'San Matías', 'San Pablo Tacachico', 'Santa Tecla', 'Talnique', 'Tamanique', 'Teotepeque', 'Tepecoyo', 'Zaragoza']],
	['San Salvador', ['Aguilares', 'Apopa', 'Ayutuxtepeque', 'Cuscatancingo', 'El Paisnal', 'Guazapa', 'Ilopango', 'Mejicanos', 'Nejapa', 'Panchimalco', 'Rosario de Mora', 'San Marcos', 'San Martín', 'San Salvador', 'Santiago Texacuangos', 'Santo Tomás', 'Soyapango', 'Tonacatepeque', 'Ciudad Delgado']],
	['Cuscatlán', ['Candelaria', 'Cojutepeque', 'El Carmen', 'El Rosario', 'Monte San Juan', 'Oratorio de Concepción', 'San Bartolomé Perulapía', 'San Cristóbal', 'San José Guayabal', 'San Pedro Perulapán', 'San Rafael Cedros', 'San Ramón', 'Santa Cruz Analquito', 'Santa Cruz Michapa', 'Suchitoto', 'Tenancingo']],
	['La Paz', ['Cuyultitán', 'El Rosario', 'Jerusalén', 'Mercedes La Ceiba', 'Olocuilta', 'Paraíso de Osorio', 'San Antonio Masahuat', 'San Emigdio', 'San Francisco Chinameca', 'San Juan Nonualco', 'San Juan Talpa', 'San Juan Tepezontes', 'San Luis La Herradura', 'San Luis Talpa', 'San Miguel Tepezontes', 'San Pedro Masahuat', 'San Pedro Nonualco', 'San Rafael Obrajuelo', 'Santa María Ostuma', 'Santiago Nonualco', 'Tapalhuaca', 'Zacatecoluca']],
	['Cabañas', ['Cinquera', 'Dolores', 'Guacotecti', 'Ilobasco', 'Jutiapa', 'San Isidro', 'Sensuntepeque', 'Tejutepeque', 'Victoria']],
	['San Vicente', ['Apastepeque', 'Guadalupe', 'San Cayetano Istepeque', 'San Esteban Catarina', 'San Ildefonso', 'San Lorenzo', 'San Sebastián', 'San Vicente', 'Santa Clara', 'Santo Domingo', 'Tecoluca', 'Tepetitán', 'Verapaz']],
	['Usulután', ['Alegría', 'Berlín', 'California', 'Concepción Batres', 'El Triunfo', 'Ereguayquín', 'Estanzuelas', 'Jiquilisco', 'Jucuapa', 'Jucuarán', 'Mercedes Umaña', 'Nueva Granada', 'Ozatlán', 'Puerto El Triunfo', 'San Agustín', 'San Buenaventura', 'San Dionisio', 'San Francisco Javier', 'Santa Elena', 'Santa María', 'Santiago de María', 'Tecapán', 'Usulután']],
	['San Miguel', ['Carolina', 'Chapeltique', 'Chinameca', 'Chirilagua', 'Ciudad Barrios', 'Comacarán', 'El Tránsito', 'Lolotique', 'Moncagua', 'Nueva Guadalupe', 'Nuevo Edén de San Juan', 'Quelepa', 'San Antonio del Mosco', 'San Gerardo', 'San Jorge', 'San Luis de la Reina', 'San Miguel', 'San Rafael Oriente', 'Sesori', 'Uluazapa']],
	['Morazán', ['Arambala', 'Cacaopera', 'Chilanga', 'Corinto', 'Delicias de Concepción', 'El Divisadero', 'El Rosario', 'Gualococti', 'Guatajiagua', 'Joateca', 'Jocoaitique', 'Jocoro', 'Lolotiquillo', 'Meanguera', 'Osicala', 'Perquín', 'San Carlos', 'San Fernando', 'San Francisco Gotera', 'San Isidro', 'San Simón', 'Sensembra', 'Sociedad', 'Torola', 'Yamabal', 'Yoloaiquín']],
	['La Unión', ['Anamorós', 'Bolívar', 'Concepción de Oriente', 'Conchagua', 'El Carmen', 'El Sauce', 'Intipucá', 'La Unión', 'Lislique', 'Meanguera del Golfo', 'Nueva Esparta', 'Pasaquina', 'Polorós', 'San Alejo', 'San José', 'Santa Rosa de Lima', 'Yayantique', 'Yucuaiquín']],
];

const pad2 = (n: number) => String(n).padStart(2, '0');

export const departamentos: CatalogEntry[] = DEPARTMENTS.map(([nombre], index) => ({
	id: index + 1,
	codigo: pad2(index + 1),
	nombre,
}));

export const municipios: MunicipalityEntry[] = (() => {
	const out: MunicipalityEntry[] = [];
	DEPARTMENTS.forEach(([, names], d) => {
		names.forEach((nombre, m) => {
			out.push({ id: out.length + 1, codigo: pad2(m + 1), nombre, id_departamento: d + 1 });
		});
	});
	return out;
})();

export const paises: CatalogEntry[] = [
	['SV', 'El Salvador'],
	['GT', 'Guatemala'],
	['HN', 'Honduras'],
	['NI', 'Nicaragua'],
	['CR', 'Costa Rica'],
	['PA', 'Panamá'],
	['BZ', 'Belice'],
	['MX', 'México'],
	['US', 'Estados Unidos'],
	['CA', 'Canadá'],
	['CO', 'Colombia'],
	['PE', 'Perú'],
	['ES', 'España'],
	['CN', 'China'],
].map(([codigo, nombre], index) => ({ id: index + 1, codigo, nombre }));

export const tiposDocumento: CatalogEntry[] = [
	{ id: 1, codigo: '36', nombre: 'NIT' },
	{ id: 2, codigo: '13', nombre: 'DUI' },
	{ id: 3, codigo: '37', nombre: 'Otro' },
	{ id: 4, codigo: '03', nombre: 'Pasaporte' },
	{ id: 5, codigo: '02', nombre: 'Carnet de residente' },
];

export const actividadesEconomicas: CatalogEntry[] = [
	['01111', 'Cultivo de cereales excepto arroz y para forrajes'],
	['01130', 'Cultivo de hortalizas de raíz y tubérculos'],
	['01271', 'Cultivo de café'],
	['10101', 'Servicio de rastros y mataderos de bovinos y porcinos'],
	['10710', 'Elaboración de productos de panadería'],
	['10792', 'Beneficio de café'],
	['11042', 'Fabricación de aguas gaseosas'],
	['13920', 'Fabricación de artículos de materiales textiles'],
	['14101', 'Fabricación de prendas de vestir para adultos'],
	['16100', 'Aserradero y acepilladura de madera'],
	['18110', 'Impresión'],
	['23950', 'Fabricación de artículos de hormigón, cemento y yeso'],
	['25910', 'Forjado, prensado, estampado y laminado de metales'],
	['41001', 'Construcción de edificios residenciales'],
	['43210', 'Instalaciones eléctricas'],
	['45100', 'Venta de vehículos automotores'],
	['45201', 'Reparación mecánica de vehículos automotores'],
	['46100', 'Venta al por mayor a cambio de una retribución o por contrata'],
	['46302', 'Venta al por mayor de alimentos'],
	['46510', 'Venta al por mayor de computadoras, equipo periférico y programas informáticos'],
	['47111', 'Venta en supermercados'],
	['47190', 'Venta al por menor de otros productos en comercios no especializados'],
	['47300', 'Venta de combustibles, lubricantes y otros (gasolineras)'],
	['47722', 'Venta al por menor de medicamentos y productos farmacéuticos'],
	['47912', 'Venta al por menor por correo o Internet'],
	['49231', 'Transporte nacional de carga'],
	['55101', 'Actividades de alojamiento para estancias cortas'],
	['56101', 'Actividades de restaurantes'],
	['62010', 'Programación informática'],
	['63110', 'Procesamiento de datos, hospedaje y actividades conexas'],
	['68101', 'Servicio de alquiler y venta de lotes en cementerios'],
	['69100', 'Actividades jurídicas'],
	['69200', 'Actividades de contabilidad, teneduría de libros y auditoría; asesoramiento en materia de impuestos'],
	['70200', 'Actividades de consultoría en gestión empresarial'],
	['73100', 'Publicidad'],
	['85101', 'Guardería educativa'],
	['86201', 'Clínicas médicas'],
	['96020', 'Peluquería y otros tratamientos de belleza'],
	['10001', 'Empleados'],
	['10003', 'Estudiante'],
	['10005', 'Otros'],
].map(([codigo, nombre], index) => ({ id: index + 1, codigo, nombre }));
