import t from 'tap';

import { checkGroup } from '../helpers/recordings.js';

// Each replay is a CLI process compiling the shipped rules; on a shared, loaded machine that is slow.
t.setTimeout(300_000);

// Recorded sessions of each agent's native telemetry (Claude Code, Codex CLI, Gemini CLI),
// malicious and benign look-alikes, replayed through the built CLI: the shipped rules raise the
// same detections whatever dialect carries the action, naming exactly the events involved.
await checkGroup(t, 'agents');
