/**
 * Value set vaccines-covid-19-auth-holders (eu-dcc-valuesets `vaccine-mah-manf.json`, release 2.12.0): the
 * marketing-authorisation holder or manufacturer, by EMA SPOR organisation id where it has one. Used by `v.ma`.
 *
 * Codes: the business-rules `valueSets.json` (30), plus `ORG-100036914` (Hipra) from hcert-format.md §11, which
 * postdates that file: 31 codes, all active. Names: hcert-format.md §11 for the holders it names; the others are
 * the organisation names as published for the EU value set, written in by hand (they are shown, never compared).
 */
import type { ValueSet } from './value-set.ts'

/**
 * The vaccines-covid-19-auth-holders value set, code → name and activity.
 *
 * @example
 * VACCINE_MAH_MANF.values['ORG-100030215']?.display // 'Biontech Manufacturing GmbH'
 */
export const VACCINE_MAH_MANF: ValueSet = {
  valueSetId: 'vaccines-covid-19-auth-holders',
  valueSetDate: '2022-01-26',
  values: {
    'ORG-100030215': { display: 'Biontech Manufacturing GmbH', active: true },
    'ORG-100031184': { display: 'Moderna Biotech Spain S.L.', active: true },
    'ORG-100001699': { display: 'AstraZeneca AB', active: true },
    'ORG-100001417': { display: 'Janssen-Cilag International', active: true },
    'ORG-100032020': { display: 'Novavax CZ a.s.', active: true },
    'ORG-100006270': { display: 'Curevac AG', active: true },
    'ORG-100036914': { display: 'Hipra', active: true },
    'ORG-100000788': { display: 'Sanofi Pasteur', active: true },
    'ORG-100001981': { display: 'Serum Institute of India Private Limited', active: true },
    'ORG-100007893': { display: 'R-Pharm CJSC', active: true },
    'ORG-100008549': { display: 'Medicago Inc.', active: true },
    'ORG-100010771': { display: 'Sinopharm Weiqida Europe Pharmaceutical s.r.o. - Prague location', active: true },
    'ORG-100013793': { display: 'CanSino Biologics', active: true },
    'ORG-100020693': { display: 'China Sinopharm International Corp. - Beijing location', active: true },
    'ORG-100023050': { display: 'Gulf Pharmaceutical Industries', active: true },
    'ORG-100024420': {
      display: 'Sinopharm Zhijun (Shenzhen) Pharmaceutical Co. Ltd. - Shenzhen location',
      active: true,
    },
    'ORG-100026614': { display: 'Sinocelltech Ltd.', active: true },
    'ORG-100033914': { display: 'Medigen Vaccine Biologics Corporation', active: true },
    'ORG-100036422': { display: 'Valneva France', active: true },
    'Bharat-Biotech': { display: 'Bharat Biotech', active: true },
    CIGB: { display: 'Center for Genetic Engineering and Biotechnology (CIGB)', active: true },
    'Chumakov-Federal-Scientific-Center': { display: 'Chumakov Federal Scientific Center', active: true },
    'Finlay-Institute': { display: 'Finlay Institute of Vaccines', active: true },
    Fiocruz: { display: 'Fiocruz', active: true },
    'Gamaleya-Research-Institute': { display: 'Gamaleya Research Institute', active: true },
    'Instituto-Butantan': { display: 'Instituto Butantan', active: true },
    NVSI: { display: 'National Vaccine and Serum Institute, China', active: true },
    'Sinopharm-WIBP': { display: 'Sinopharm - Wuhan Institute of Biological Products', active: true },
    'Sinovac-Biotech': { display: 'Sinovac Biotech', active: true },
    'Vector-Institute': { display: 'Vector Institute', active: true },
    'Yisheng-Biopharma': { display: 'Yisheng Biopharma', active: true },
  },
}
