import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiTypesFile, generateApiTypes } from '../../scripts/api-types.ts';

describe('the web client API types', () => {
  it('are what the OpenAPI document of the routes generates now', async () => {
    const committed = fs.existsSync(apiTypesFile) ? fs.readFileSync(apiTypesFile, 'utf8') : '';
    const generated = await generateApiTypes();
    expect(committed === generated, 'web/src/api/carrel-api.ts is out of date with the routes: run npm run api-types').toBe(true);
  }, 120_000);
});
