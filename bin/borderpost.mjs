#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so `npx borderpost` works from a clone without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/main.ts');
