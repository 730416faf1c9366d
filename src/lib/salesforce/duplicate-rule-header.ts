/**
 * Sent with every write the product makes, so that an org's duplicate rule set to "Allow" with an
 * alert on edit never holds back an opt-out: without it Salesforce refuses the update of a record
 * that such a rule matches with DUPLICATES_DETECTED, because the API cannot show the alert. A rule
 * set to "Block" still refuses it (`allowSave` bypasses alerts only), and that failure is shown
 * as such ('duplicate-blocked').
 *
 * REST API Developer Guide, "Duplicate Rule Header" (API 52.0 and later; every field defaults to
 * false; applied when records are created, updated and upserted):
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_duplicaterules.htm
 * and the SOAP twin, "DuplicateRuleHeader": "For a duplicate rule, when the Alert option is
 * enabled, bypass alerts and save duplicate records by setting this property to true":
 * https://developer.salesforce.com/docs/platform/api/guide/sforce-api-header-duplicateruleheader.html
 *
 * Inside a Composite request (the nightly run's writes), the header goes in each sObject Collections
 * subrequest's own `httpHeaders`: "Request headers and their values to include with the
 * subrequest. You can include any header supported by the requested resource" ("Composite
 * Request Body", https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/requests_composite.htm);
 * the top-level request's headers are the composite's own.
 *
 * Bulk API 2.0: its documentation names no such header. Its "Headers" page lists only
 * Sforce-Call-Options, Warning, Content-Type and Sforce-Line-Ending
 * (https://developer.salesforce.com/docs/platform/api-asynch/guide/bulk-api-2-0-headers-intro.html),
 * and "Create a Job" names only Sforce-Call-Options
 * (https://developer.salesforce.com/docs/platform/api-asynch/guide/create-job.html), while
 * duplicate rules do run on Bulk loads (reports of Data Loader and Bulk API jobs failing rows with
 * DUPLICATES_DETECTED). So the ingest requests carry the header too (an unknown header is ignored,
 * and should Salesforce honour it there, it helps), and rows a Bulk job fails with
 * DUPLICATES_DETECTED are sent again through sObject Collections, where the header is documented
 * (reconcile/export-bulk.ts).
 */
export const DUPLICATE_RULE_HEADER: Readonly<Record<string, string>> = {
  'Sforce-Duplicate-Rule-Header': 'allowSave=true',
};
