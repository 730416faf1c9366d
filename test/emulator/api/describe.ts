import type { Org } from '../data/org';
import { OBJECT_NAMES, type FieldDef, type ObjectName } from '../data/schema';
import type { Handler } from '../http/context';
import { json, notFound } from '../http/reply';

const SOAP_TYPES: Readonly<Record<FieldDef['type'], string>> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  email: 'xsd:string',
  picklist: 'xsd:string',
  boolean: 'xsd:boolean',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
};

/** One `fields` entry of a describe result, with the attributes real describes carry. */
function describeField(field: FieldDef): Record<string, unknown> {
  const isBoolean = field.type === 'boolean';
  const textual = field.type === 'string' || field.type === 'email' || field.type === 'picklist';
  return {
    aggregatable: !isBoolean,
    aiPredictionField: false,
    autoNumber: false,
    byteLength: textual || field.type === 'id' || field.type === 'reference' ? field.length * 3 : 0,
    calculated: false,
    calculatedFormula: null,
    cascadeDelete: false,
    caseSensitive: false,
    compoundFieldName: field.slot === 'FirstName' || field.slot === 'LastName' ? 'Name' : null,
    controllerName: null,
    createable: field.createable && field.updateable,
    custom: field.custom,
    defaultValue: isBoolean ? false : null,
    defaultValueFormula: null,
    defaultedOnCreate: isBoolean || field.type === 'datetime' || field.slot === 'OwnerId',
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: 0,
    displayLocationInDecimal: false,
    encrypted: false,
    externalId: false,
    extraTypeInfo: field.type === 'string' && field.nameField ? 'personname' : null,
    filterable: true,
    filteredLookupInfo: null,
    formulaTreatNullNumberAsZero: false,
    groupable: field.type !== 'datetime',
    highScaleNumber: false,
    htmlFormatted: false,
    idLookup: field.idLookup ?? false,
    inlineHelpText: null,
    label: field.label,
    length: field.length,
    mask: null,
    maskType: null,
    name: field.name,
    nameField: field.nameField ?? false,
    namePointing: false,
    nillable: field.nillable,
    permissionable: field.custom || (field.updateable && field.nillable),
    picklistValues: (field.picklistValues ?? []).map((value, index) => ({
      active: true,
      defaultValue: index === 0,
      label: value,
      validFor: null,
      value,
    })),
    polymorphicForeignKey: false,
    precision: 0,
    queryByDistance: false,
    referenceTargetField: null,
    referenceTo: field.referenceTo ?? [],
    relationshipName: field.relationshipName ?? null,
    relationshipOrder: null,
    restrictedDelete: false,
    restrictedPicklist: false,
    scale: 0,
    searchPrefilterable: field.type === 'reference',
    soapType: SOAP_TYPES[field.type],
    sortable: true,
    type: field.type,
    unique: false,
    updateable: field.updateable,
    writeRequiresMasterRead: false,
  };
}

function objectSummary(org: Org, object: ObjectName, version: string): Record<string, unknown> {
  const { info } = org.schema(object);
  const base = `/services/data/v${version}/sobjects/${object}`;
  return {
    activateable: false,
    createable: true,
    custom: false,
    customSetting: false,
    deepCloneable: false,
    deletable: true,
    deprecatedAndHidden: false,
    feedEnabled: true,
    hasSubtypes: object === 'Account',
    isInterface: false,
    isSubtype: false,
    keyPrefix: info.keyPrefix,
    label: info.label,
    labelPlural: info.labelPlural,
    layoutable: true,
    mergeable: true,
    mruEnabled: true,
    name: object,
    queryable: true,
    replicateable: true,
    retrieveable: true,
    searchable: true,
    triggerable: true,
    undeletable: true,
    updateable: true,
    urls: {
      compactLayouts: `${base}/describe/compactLayouts`,
      rowTemplate: `${base}/{ID}`,
      approvalLayouts: `${base}/describe/approvalLayouts`,
      describe: `${base}/describe`,
      quickActions: `${base}/quickActions`,
      layouts: `${base}/describe/layouts`,
      sobject: base,
    },
  };
}

export const describeGlobal: Handler = (request, { org }) =>
  json(200, {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: OBJECT_NAMES.map((object) => objectSummary(org, object, request.version)),
  });

export const sobjectInfo: Handler = (request, { org }) => {
  const object = org.objectNamed(request.params.object ?? '');
  if (!object) return notFound();
  return json(200, {
    objectDescribe: objectSummary(org, object, request.version),
    recentItems: [],
  });
};

export const describeObject: Handler = (request, { org }) => {
  const object = org.objectNamed(request.params.object ?? '');
  if (!object) return notFound();
  const plural = org.schema(object).info.labelPlural.toLowerCase();
  return json(200, {
    ...objectSummary(org, object, request.version),
    actionOverrides: [],
    childRelationships: [],
    compactLayoutable: true,
    defaultImplementation: null,
    extendedBy: null,
    extendsInterfaces: null,
    fields: org.schema(object).fields.map(describeField),
    implementedBy: null,
    implementsInterfaces: null,
    listviewable: null,
    lookupLayoutable: null,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    recordTypeInfos: [],
    searchLayoutable: true,
    sobjectDescribeOption: 'FULL',
    supportedScopes: [
      { label: `All ${plural}`, name: 'everything' },
      { label: `My ${plural}`, name: 'mine' },
    ],
  });
};
