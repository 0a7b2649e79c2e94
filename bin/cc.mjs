#!/usr/bin/env node
// The supervisor's command line, installed as `cc-engine`: runs src/cli/cc.ts through tsx.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/cc.ts');
