import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * Validates response bodies against the OpenAPI 3.1 document the API serves: its component schemas are JSON
 * Schema 2020-12, so ajv checks real responses against exactly what is published.
 */
export function openApiValidator(document: { components: { schemas: Record<string, object> } }) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  for (const [name, schema] of Object.entries(document.components.schemas)) {
    ajv.addSchema(schema, `#/components/schemas/${name}`);
  }
  return (schemaName: string, body: unknown): string[] => {
    const validate = ajv.getSchema(`#/components/schemas/${schemaName}`);
    if (!validate) throw new Error(`no schema ${schemaName}`);
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
}
