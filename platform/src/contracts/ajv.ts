// ajv as the contract checks use it: strict (an unknown keyword or format is an error, not
// ignored), every error reported, the formats the schemas name (uuid, date-time, email).
import ajvModule from 'ajv';
import formatsModule from 'ajv-formats';

// Both are CommonJS whose module.exports is the function itself, with `default` pointing back at it.
const Ajv = ajvModule.default;
const addFormats = formatsModule.default;

export function contractAjv(): InstanceType<typeof Ajv> {
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}
