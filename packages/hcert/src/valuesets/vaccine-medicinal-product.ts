/**
 * Value set vaccines-covid-19-names (eu-dcc-valuesets `vaccine-medicinal-product.json`, release 2.12.0):
 * EU authorisation numbers for centrally authorised vaccines, plain identifiers for the others. Used by `v.mp`.
 *
 * Codes: the business-rules `valueSets.json` (38), plus `EU/1/22/1709` (Bimervax) from hcert-format.md §11, which
 * postdates that file: 39 codes, 35 active. Names: the product names of the vaccines-covid-19-encoding-instructions
 * value set in the same `valueSets.json`.
 */
import type { ValueSet } from './value-set.ts'

/**
 * The vaccines-covid-19-names value set, code → name and activity.
 *
 * @example
 * VACCINE_MEDICINAL_PRODUCT.values['EU/1/20/1528']?.display // 'Comirnaty'
 */
export const VACCINE_MEDICINAL_PRODUCT: ValueSet = {
  valueSetId: 'vaccines-covid-19-names',
  valueSetDate: '2022-11-30',
  values: {
    'EU/1/20/1528': { display: 'Comirnaty', active: true },
    'EU/1/20/1507': { display: 'Spikevax', active: true },
    'EU/1/21/1529': { display: 'Vaxzevria', active: true },
    // Displayed as "COVID-19 Vaccine Janssen" in release 1.0.0.
    'EU/1/20/1525': { display: 'Jcovden', active: true },
    'EU/1/21/1618': { display: 'Nuvaxovid', active: true },
    'EU/1/21/1624': { display: 'COVID-19 Vaccine Valneva', active: true },
    'EU/1/21/1580': { display: 'VidPrevtyn Beta', active: true },
    'EU/1/22/1709': { display: 'Bimervax', active: true },
    AZD2816: { display: 'AZD2816', active: true },
    Abdala: { display: 'Abdala', active: true },
    'BBIBP-CorV': { display: 'BBIBP-CorV', active: true },
    CVnCoV: { display: 'CVnCoV', active: true },
    Convidecia: { display: 'Convidecia', active: true },
    CoronaVac: { display: 'CoronaVac', active: true },
    Covaxin: { display: 'Covaxin', active: true },
    CoviVac: { display: 'CoviVac', active: true },
    'Covid-19-adsorvida-inativada': { display: 'Vacina adsorvida covid-19 (inativada)', active: true },
    'Covid-19-recombinant': { display: 'Covid-19 (recombinant)', active: true },
    Covifenz: { display: 'Covifenz', active: true },
    Covishield: { display: 'Covishield', active: true },
    Covovax: { display: 'Covovax', active: true },
    EpiVacCorona: { display: 'EpiVacCorona', active: true },
    'EpiVacCorona-N': { display: 'EpiVacCorona-N', active: true },
    'Hayat-Vax': { display: 'Hayat-Vax', active: true },
    'Inactivated-SARS-CoV-2-Vero-Cell': { display: 'Inactivated SARS-CoV-2 (Vero Cell)', active: false },
    'MVC-COV1901': { display: 'MVC COVID-19 vaccine', active: true },
    'NVSI-06-08': { display: 'NVSI-06-08', active: true },
    // Pre-authorisation identifiers, superseded by the EU numbers of Nuvaxovid, VidPrevtyn Beta and Valneva.
    'NVX-CoV2373': { display: 'NVX-CoV2373', active: false },
    Vidprevtyn: { display: 'Vidprevtyn', active: false },
    VLA2001: { display: 'VLA2001', active: false },
    'R-COVI': { display: 'R-COVI', active: true },
    SCTV01C: { display: 'SCTV01C', active: true },
    'Soberana-02': { display: 'Soberana 02', active: true },
    'Soberana-Plus': { display: 'Soberana Plus', active: true },
    'Sputnik-Light': { display: 'Sputnik Light', active: true },
    'Sputnik-M': { display: 'Sputnik M', active: true },
    'Sputnik-V': { display: 'Sputnik V', active: true },
    'WIBP-CorV': { display: 'WIBP-CorV', active: true },
    'YS-SC2-010': { display: 'YS-SC2-010', active: true },
  },
}
