// Writes test/generated/kaifu-api.ts, the types openapi-typescript generates from Kaifu's OpenAPI document:
// `npm run openapi:types` after changing a route. The contract test fails while the file is out of date.
import { writeFile } from 'node:fs/promises';
import { GENERATED_TYPES, generatedTypes } from '../test/helpers/openapi.js';

await writeFile(GENERATED_TYPES, await generatedTypes());
console.log(`wrote ${GENERATED_TYPES}`);
